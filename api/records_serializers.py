"""Serializers of the Sec. 3 endpoints: shapes only; the records services decide what is allowed."""

from rest_framework import serializers

from records.models import HiringCheck as HiringCheckRow
from records.models import ProcessStatus, QuarterlyReport, RecordKind, UseOfForceRecord

from .strict import StrictModelSerializer, StrictSerializer


class RecordSerializer(StrictModelSerializer):
    class Meta:
        model = UseOfForceRecord
        fields = [
            "id",
            "agency",
            "officer_name",
            "date_of_birth",
            "certificate_number",
            "kind",
            "action_date",
            "process_status",
            "revision",
            "revised_at",
        ]
        read_only_fields = fields


class RecordInputSerializer(StrictSerializer):
    # Lengths are the service's to judge (with a clear message); the field only bounds the body.
    officer_name = serializers.CharField(trim_whitespace=False)
    date_of_birth = serializers.DateField()
    certificate_number = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=RecordKind.choices)
    action_date = serializers.DateField()
    process_status = serializers.ChoiceField(choices=ProcessStatus.choices)
    agency = serializers.IntegerField(required=False, help_text="Your own agency; any other is refused.")


class StatusCorrectionSerializer(StrictSerializer):
    process_status = serializers.ChoiceField(choices=ProcessStatus.choices)
    reason = serializers.CharField()


class ReportSerializer(StrictModelSerializer):
    quarter_label = serializers.SerializerMethodField()

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "agency",
            "quarter",
            "quarter_label",
            "kind",
            "record_count",
            "signed_by_name",
            "signed_by_title",
            "version",
            "first_submitted_at",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_quarter_label(self, report: QuarterlyReport) -> str:
        from records.quarters import Quarter

        return str(Quarter.of(report.quarter))


class ReportInputSerializer(StrictSerializer):
    quarter = serializers.CharField(max_length=8, help_text="For example 2026-Q3.")
    zero = serializers.BooleanField(help_text="A zero report: no records this quarter.")
    signed_by_name = serializers.CharField()
    signed_by_title = serializers.CharField()


class HitSerializer(StrictSerializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    year = serializers.IntegerField()
    agency_name = serializers.CharField()
    agency_ori = serializers.CharField()
    agency_state = serializers.CharField()
    why = serializers.CharField()


class CheckLogSerializer(StrictModelSerializer):
    checked_by = serializers.CharField(source="checked_by.username", read_only=True)

    class Meta:
        model = HiringCheckRow
        fields = [
            "id",
            "checked_by",
            "agency",
            "candidate_name",
            "date_of_birth",
            "certificate_number",
            "purpose",
            "exact_matches",
            "possible_matches",
            "checked_at",
        ]
        read_only_fields = fields


class CheckInputSerializer(StrictSerializer):
    candidate_name = serializers.CharField(trim_whitespace=False)
    date_of_birth = serializers.DateField()
    certificate_number = serializers.CharField(required=False, allow_blank=True, default="")
    purpose = serializers.CharField()


class CheckResultSerializer(StrictSerializer):
    check = CheckLogSerializer()
    exact = HitSerializer(many=True)
    possible = HitSerializer(many=True)
