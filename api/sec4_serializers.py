"""Serializers of the Sec. 4 endpoints: input shaped here, every rule decided by the community services."""

from rest_framework import serializers

from community.models import (
    NAME_MAX_LENGTH,
    TERMS,
    PartnerKind,
    ProgramVersion,
    SupportModel,
    SupportProgram,
    YearlyFigures,
    YearlyFiguresVersion,
)

from .strict import StrictModelSerializer, StrictSerializer

TERM_FIELDS = list(TERMS)


class PartnerSerializer(StrictSerializer):
    name = serializers.CharField(max_length=NAME_MAX_LENGTH)
    kind = serializers.ChoiceField(choices=PartnerKind.choices)


class SupportProgramSerializer(StrictModelSerializer):
    partners = PartnerSerializer(many=True, read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = SupportProgram
        fields = ["id", "agency", "agency_name", *TERM_FIELDS, "version", "created_at", "changed_at"]
        read_only_fields = fields


class ProgramInputSerializer(StrictSerializer):
    """A program's terms. Shares are whole percentages; hours are per week (168 = around the clock)."""

    model = serializers.ChoiceField(choices=SupportModel.choices)
    other_name = serializers.CharField(
        max_length=NAME_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    partners = PartnerSerializer(many=True, help_text="At least one partner organisation.")
    started_on = serializers.DateField(help_text="Not in the future.")
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)
    hours_per_week = serializers.IntegerField(min_value=0, max_value=32767)
    jurisdiction_share = serializers.IntegerField(min_value=0, max_value=32767, help_text="0 to 100.")
    officers_trained_share = serializers.IntegerField(min_value=0, max_value=32767, help_text="0 to 100.")
    training_name = serializers.CharField(
        max_length=NAME_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    training_date = serializers.DateField(required=False, allow_null=True, default=None)


class ProgramChangeSerializer(ProgramInputSerializer):
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ProgramVersionSerializer(StrictModelSerializer):
    partners = PartnerSerializer(many=True, read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = ProgramVersion
        fields = ["number", *TERM_FIELDS, "note", "recorded_by", "recorded_at"]
        read_only_fields = fields


class FiguresVersionSerializer(StrictModelSerializer):
    filed_by = serializers.CharField(source="filed_by.username", read_only=True)

    class Meta:
        model = YearlyFiguresVersion
        fields = ["number", "calls_answered_jointly", "referrals_made", "note", "filed_by", "filed_at"]
        read_only_fields = fields


class YearlyFiguresSerializer(StrictModelSerializer):
    versions = FiguresVersionSerializer(many=True, read_only=True)

    class Meta:
        model = YearlyFigures
        fields = [
            "id",
            "year",
            "calls_answered_jointly",
            "referrals_made",
            "version",
            "first_filed_at",
            "filed_at",
            "versions",
        ]
        read_only_fields = fields


class FiguresInputSerializer(StrictSerializer):
    year = serializers.IntegerField(
        min_value=1980, max_value=2100, help_text="A calendar year that has ended."
    )
    calls_answered_jointly = serializers.IntegerField(min_value=0, max_value=10_000_000)
    referrals_made = serializers.IntegerField(min_value=0, max_value=10_000_000)
    note = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default="", help_text="Required to amend a year."
    )
