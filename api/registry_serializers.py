"""Input and output of the registry, catalogue, program-terms, finding-revision and audit endpoints."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import AgencyType
from agencies.states import State
from common.audit_log import entry_changes
from common.models import AuditEntry
from credentialing.models import FindingRevision
from grants.models import ProgramKind

from .serializers import BodySerializer, StandardSerializer
from .strict import StrictModelSerializer, StrictSerializer


class BodyEntrySerializer(BodySerializer):
    discretionary_standards = serializers.SlugRelatedField(  # type: ignore[var-annotated]
        slug_field="code", many=True, read_only=True
    )

    class Meta(BodySerializer.Meta):
        fields = [*BodySerializer.Meta.fields, "discretionary_standards"]
        read_only_fields = fields


class BodyInputSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    abbreviation = serializers.CharField(max_length=20, required=False, allow_blank=True)
    states_served = serializers.ListField(
        child=serializers.ChoiceField(choices=State.choices),
        required=False,
        max_length=len(State.choices),
        help_text="Postal codes; empty means national. A change does not touch existing applications.",
    )
    agency_types_served = serializers.ListField(
        child=serializers.ChoiceField(choices=AgencyType.choices),
        required=False,
        max_length=len(AgencyType.choices),
        help_text="Empty means every type. A change does not touch existing applications.",
    )
    is_primary = serializers.BooleanField(required=False, help_text="Primary body of its state.")
    credential_term_months = serializers.IntegerField(
        min_value=1,
        max_value=120,
        required=False,
        help_text="36 unless set; a change applies to approvals from then on.",
    )
    discretionary_standards = serializers.ListField(
        child=serializers.SlugField(max_length=64),
        required=False,
        max_length=200,
        help_text="Codes of the discretionary principles reviewed; the two mandatory ones always are.",
    )


class BodyUpdateSerializer(BodyInputSerializer):
    name = serializers.CharField(max_length=200, required=False)


class CatalogueStandardSerializer(StandardSerializer):
    class Meta(StandardSerializer.Meta):
        fields = [*StandardSerializer.Meta.fields, "retired_at"]
        read_only_fields = fields


class StandardInputSerializer(StrictSerializer):
    code = serializers.SlugField(max_length=64)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class StandardWordingSerializer(StrictSerializer):
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReasonOptionalSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ProgramTermsSerializer(StrictSerializer):
    """Any of the terms; those left out keep their value."""

    name = serializers.CharField(max_length=200, required=False)
    fiscal_year = serializers.IntegerField(min_value=2020, max_value=2100, required=False)
    kind = serializers.ChoiceField(choices=ProgramKind.choices, required=False)
    application_deadline = serializers.DateField(required=False, help_text="Within the federal fiscal year.")
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    applies_sec3d = serializers.BooleanField(required=False)
    sec3d_reporting_from = serializers.DateField(required=False, allow_null=True)
    sec4_priority = serializers.BooleanField(required=False)


class FindingRevisionSerializer(StrictModelSerializer):
    standard = serializers.CharField(source="finding.standard.code", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = FindingRevision
        fields = ["id", "standard", "number", "outcome", "note", "recorded_by", "recorded_at"]
        read_only_fields = fields


class ChangeSerializer(StrictSerializer):
    field = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class AuditEntrySerializer(StrictModelSerializer):
    actor = serializers.CharField(source="actor_label", read_only=True, help_text="Empty for the system.")
    before = serializers.DictField(read_only=True)
    after = serializers.DictField(read_only=True)
    changes = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor",
            "address",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "before",
            "after",
            "changes",
            "reason",
        ]
        read_only_fields = fields

    @extend_schema_field(ChangeSerializer(many=True))
    def get_changes(self, entry: AuditEntry) -> list[dict[str, str]]:
        return entry_changes(entry)
