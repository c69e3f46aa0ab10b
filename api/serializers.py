"""Representations and input shapes. Thin: they check types and lengths; the services check the rules."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Role
from agencies.models import Agency, AgencyType
from agencies.services import EDITABLE_FIELDS
from agencies.states import State
from community.priority import Priority
from credentialing.actions import (
    ApplicationAction,
    BodyAction,
    available_actions,
    available_body_actions,
)
from credentialing.models import (
    CredentialApplication,
    CredentialingBody,
    EvidenceDocument,
    EvidenceKind,
    Finding,
    FindingOutcome,
    Standard,
    TransitionLog,
)
from grants.models import (
    EligibilityBasis,
    EligibilityChange,
    GrantApplicant,
    GrantProgram,
    ProgramKind,
    ReportingBasis,
)
from grants.priority import answers_for
from grants.selectors import program_eligibility, program_eligibility_of_values

from .fields import CodeRelatedField
from .strict import StrictModelSerializer, StrictSerializer


class MeSerializer(StrictSerializer):
    username = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = serializers.CharField(source="organisation_name")
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    credentialing_body = serializers.IntegerField(source="credentialing_body_id", allow_null=True)


# --- agencies -----------------------------------------------------------------------------------


class AgencySerializer(StrictModelSerializer):
    ein = serializers.CharField(source="ein_display", help_text="NN-NNNNNNN.")

    class Meta:
        model = Agency
        fields = ["id", *EDITABLE_FIELDS]
        read_only_fields = fields


class AgencyWriteSerializer(StrictSerializer):
    """Input for ``agencies.services``: ORI and EIN are checked (and normalised) by the service."""

    name = serializers.CharField(max_length=200)
    ori = serializers.CharField(max_length=20, help_text="9 characters, starting with the state code.")
    ein = serializers.CharField(max_length=20, help_text="NN-NNNNNNN or nine digits.")
    agency_type = serializers.ChoiceField(choices=AgencyType.choices)
    state = serializers.ChoiceField(choices=State.choices)
    county = serializers.CharField(max_length=100, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    sworn_officers = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    head_name = serializers.CharField(max_length=150)
    head_title = serializers.CharField(max_length=100, required=False)


# --- credentialing bodies ---------------------------------------------------------------------------


class BodySerializer(StrictModelSerializer):
    allowed_actions = serializers.SerializerMethodField(
        help_text="Certification actions the caller may take now (DOJ administrators only)."
    )

    class Meta:
        model = CredentialingBody
        fields = [
            "id",
            "name",
            "abbreviation",
            "states_served",
            "agency_types_served",
            "is_primary",
            "credential_term_months",
            "certification_status",
            "certified_on",
            "certification_changed_at",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, body: CredentialingBody) -> list[str]:
        user = self.context["request"].user
        if not user.is_doj_administrator:
            return []
        return [action.name for action in available_body_actions(body)]


class NoteSerializer(StrictSerializer):
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class StandardSerializer(StrictModelSerializer):
    class Meta:
        model = Standard
        fields = ["code", "title", "description", "kind"]
        read_only_fields = fields


# --- applications -----------------------------------------------------------------------------------


class ApplicationSerializer(StrictModelSerializer):
    reference = serializers.CharField(read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    agency_ori = serializers.CharField(source="agency.ori", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    valid_through = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The credential's last valid day (the day before ``expires_on``), as the pages show it.",
    )
    expires_on = serializers.DateField(
        read_only=True, allow_null=True, help_text="The first day the credential is no longer valid."
    )
    allowed_actions = serializers.SerializerMethodField(
        help_text="Transitions the caller may attempt now (the server still decides). A draft's "
        "``delete_draft`` is a DELETE on the application."
    )

    class Meta:
        model = CredentialApplication
        fields = [
            "id",
            "reference",
            "agency",
            "agency_name",
            "agency_ori",
            "body",
            "body_name",
            "status",
            "attests_legal_compliance",
            "attests_chokehold_prohibition",
            "notes",
            "created_at",
            "submitted_at",
            "status_changed_at",
            "determination_date",
            "valid_through",
            "expires_on",
            "decision_note",
            "allowed_actions",
        ]
        read_only_fields = fields

    def get_allowed_actions(self, application: CredentialApplication) -> list[str]:
        return [action.name for action in available_actions(application, self.context["request"].user)]


class ApplicationCreateSerializer(StrictSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=CredentialingBody.objects.all())
    attests_legal_compliance = serializers.BooleanField(required=False, default=False)
    attests_chokehold_prohibition = serializers.BooleanField(required=False, default=False)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ApplicationUpdateSerializer(StrictSerializer):
    body = serializers.PrimaryKeyRelatedField(queryset=CredentialingBody.objects.all(), required=False)
    attests_legal_compliance = serializers.BooleanField(required=False)
    attests_chokehold_prohibition = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class ReasonSerializer(StrictSerializer):
    note = serializers.CharField(max_length=5000, help_text="Why: shown to the agency.")


class ApproveSerializer(StrictSerializer):
    determination_date = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Today (the default) or this body's earlier determination within the past 36 months.",
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


def input_serializer_for(action: ApplicationAction | BodyAction) -> type[serializers.Serializer]:
    """What an action's POST takes, from the shared action table: a date, a required reason, or a note."""
    if getattr(action, "asks_date", False):
        return ApproveSerializer
    return ReasonSerializer if action.needs_reason else NoteSerializer


class DocumentSerializer(StrictModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", read_only=True)

    class Meta:
        model = EvidenceDocument
        fields = [
            "id",
            "kind",
            "original_name",
            "content_type",
            "size_bytes",
            "sha256",
            "uploaded_by",
            "uploaded_at",
        ]
        read_only_fields = fields


class DocumentUploadSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    file = serializers.FileField(
        help_text="PDF, PNG, JPEG or Word (.docx), checked by content; the size limit is the web form's."
    )


class FindingSerializer(StrictModelSerializer):
    standard = serializers.CharField(source="standard.code", read_only=True)
    standard_title = serializers.CharField(source="standard.title", read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "standard", "standard_title", "outcome", "note", "recorded_by", "recorded_at"]
        read_only_fields = fields


class FindingInputSerializer(StrictSerializer):
    standard = CodeRelatedField(slug_field="code", queryset=Standard.objects.all())
    outcome = serializers.ChoiceField(choices=FindingOutcome.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class TransitionSerializer(StrictModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = TransitionLog
        fields = ["id", "action", "from_status", "to_status", "note", "actor", "at"]
        read_only_fields = fields

    def get_actor(self, entry: TransitionLog) -> str | None:
        return entry.actor.username if entry.actor_id and entry.actor else None


# --- grants ---------------------------------------------------------------------------------------


class ProgramSerializer(StrictModelSerializer):
    requires_credentialing = serializers.BooleanField(read_only=True)

    class Meta:
        model = GrantProgram
        fields = [
            "id",
            "name",
            "fiscal_year",
            "kind",
            "application_deadline",
            "description",
            "requires_credentialing",
            "applies_sec3d",
            "sec3d_reporting_from",
            "sec4_priority",
            "created_at",
        ]
        read_only_fields = fields


class ProgramCreateSerializer(StrictSerializer):
    name = serializers.CharField(max_length=200)
    fiscal_year = serializers.IntegerField(min_value=2020, max_value=2100)
    kind = serializers.ChoiceField(choices=ProgramKind.choices)
    application_deadline = serializers.DateField(help_text="Within the federal fiscal year.")
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    applies_sec3d = serializers.BooleanField(required=False, default=False)
    sec3d_reporting_from = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="The first day of the first required quarter.",
    )
    sec4_priority = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Weigh Sec. 4 community-support programs as a priority (never a condition).",
    )


ELIGIBILITY_DISPLAY = [
    ("eligible", "eligible"),
    ("not eligible", "not eligible"),
    ("not required", "not required"),
]


class ApplicantSerializer(StrictModelSerializer):
    """One row of a program's applicant list; for a formula program eligibility is "not required"."""

    agency_name = serializers.CharField(source="agency.name", read_only=True)
    ori = serializers.CharField(source="agency.ori", read_only=True)
    state = serializers.CharField(source="agency.state", read_only=True)
    agency_type = serializers.CharField(source="agency.agency_type", read_only=True)
    eligibility_required = serializers.SerializerMethodField()
    eligibility = serializers.SerializerMethodField()
    eligible = serializers.BooleanField(
        source="is_eligible", read_only=True, help_text="Every condition the program applies holds."
    )
    basis = serializers.ChoiceField(choices=EligibilityBasis.choices, read_only=True)
    reason = serializers.SerializerMethodField(help_text="Both conditions in words where both apply.")
    credentialing_holds = serializers.BooleanField(read_only=True, help_text="The Sec. 2(a) condition.")
    reporting_applies = serializers.SerializerMethodField()
    reporting_holds = serializers.BooleanField(
        read_only=True, help_text="The Sec. 3(d) condition; true where the program does not apply it."
    )
    reporting_basis = serializers.SerializerMethodField()
    reporting_reason = serializers.SerializerMethodField()
    reported_from = serializers.DateField(read_only=True, allow_null=True)
    reported_through = serializers.DateField(read_only=True, allow_null=True)
    body_id = serializers.IntegerField(read_only=True, allow_null=True)
    body_name = serializers.CharField(read_only=True, allow_null=True)
    eligible_at_deadline = serializers.BooleanField(read_only=True)
    sec4_priority = serializers.SerializerMethodField(
        help_text="The program weighs Sec. 4 co-responder and community-support programs as a priority."
    )
    sec4_met = serializers.SerializerMethodField(
        help_text="The Sec. 4 priority is met (null where the program does not weigh it); never a condition."
    )
    sec4_reason = serializers.SerializerMethodField(
        help_text="Why the Sec. 4 priority is met or not, in words."
    )

    class Meta:
        model = GrantApplicant
        fields = [
            "id",
            "agency",
            "agency_name",
            "ori",
            "state",
            "agency_type",
            "amount_requested",
            "eligibility_required",
            "eligibility",
            "eligible",
            "basis",
            "reason",
            "credentialing_holds",
            "reporting_applies",
            "reporting_holds",
            "reporting_basis",
            "reporting_reason",
            "reported_from",
            "reported_through",
            "body_id",
            "body_name",
            "eligible_at_deadline",
            "sec4_priority",
            "sec4_met",
            "sec4_reason",
        ]
        read_only_fields = fields

    def _sec4(self, row: GrantApplicant) -> Priority | None:
        if not self.context["program"].sec4_priority:
            return None
        known = self.context.get("sec4") or {}
        if row.agency_id not in known:  # a single row (a create's answer): its own query
            known = answers_for([row.agency_id])
        return known[row.agency_id]

    def get_sec4_priority(self, row: GrantApplicant) -> bool:
        return self.context["program"].sec4_priority

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_sec4_met(self, row: GrantApplicant) -> bool | None:
        answer = self._sec4(row)
        return None if answer is None else answer.met

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sec4_reason(self, row: GrantApplicant) -> str | None:
        answer = self._sec4(row)
        return None if answer is None else answer.reason

    def _required(self) -> bool:
        return self.context["program"].requires_credentialing

    def _answer(self, row: GrantApplicant):
        return program_eligibility(row, program=self.context["program"])

    def get_reason(self, row: GrantApplicant) -> str:
        return self._answer(row).reason

    def get_reporting_applies(self, row: GrantApplicant) -> bool:
        return self.context["program"].reporting_start is not None

    @extend_schema_field(serializers.ChoiceField(choices=ReportingBasis.choices, allow_null=True))
    def get_reporting_basis(self, row: GrantApplicant) -> str | None:
        part = self._answer(row).reporting
        return part.basis if part else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_reporting_reason(self, row: GrantApplicant) -> str | None:
        part = self._answer(row).reporting
        return part.reason if part else None

    def get_eligibility_required(self, row: GrantApplicant) -> bool:
        return self._required()

    def get_eligibility(self, row: GrantApplicant) -> str:
        if not self._required():
            return "not required"
        return "eligible" if row.is_eligible else "not eligible"  # type: ignore[attr-defined]


_AMOUNT = serializers.DecimalField(max_digits=14, decimal_places=2)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def applicant_representations(
    rows: Iterable[dict[str, Any]], *, program: GrantProgram, sec4: dict[int, Priority] | None = None
) -> list[dict]:
    """``ApplicantSerializer``'s output, field for field, from rows of ``selectors.applicant_values``: a
    page of them costs a dict each rather than a model instance and a serializer pass (the tests compare
    the two)."""
    required = program.requires_credentialing
    reporting_applies = program.reporting_start is not None
    represented = []
    for row in rows:
        answer = program_eligibility_of_values(row, program=program)
        part = answer.reporting
        eligible = row["is_eligible"]
        represented.append(
            {
                "id": row["id"],
                "agency": row["agency_id"],
                "agency_name": row["agency__name"],
                "ori": row["agency__ori"],
                "state": row["agency__state"],
                "agency_type": row["agency__agency_type"],
                "amount_requested": _AMOUNT.to_representation(row["amount_requested"]),
                "eligibility_required": required,
                "eligibility": ("eligible" if eligible else "not eligible") if required else "not required",
                "eligible": eligible,
                "basis": row["basis"],
                "reason": answer.reason,
                "credentialing_holds": row["credentialing_holds"],
                "reporting_applies": reporting_applies,
                "reporting_holds": row["reporting_holds"],
                "reporting_basis": part.basis if part else None,
                "reporting_reason": part.reason if part else None,
                "reported_from": _day(row["reported_from"]),
                "reported_through": _day(row["reported_through"]),
                "body_id": row["body_id"],
                "body_name": row["body_name"],
                "eligible_at_deadline": row["eligible_at_deadline"],
                "sec4_priority": program.sec4_priority,
                "sec4_met": sec4[row["agency_id"]].met if sec4 is not None else None,
                "sec4_reason": sec4[row["agency_id"]].reason if sec4 is not None else None,
            }
        )
    return represented


class ApplicantInputSerializer(StrictSerializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=Agency.objects.all())
    amount_requested = serializers.CharField(max_length=40, help_text="Dollars, at most two decimals.")


class EligibilitySerializer(StrictModelSerializer):
    """An agency's Sec. 2(a) flag, now or as of a date."""

    agency = serializers.IntegerField(source="pk", read_only=True)
    agency_name = serializers.CharField(source="name", read_only=True)
    eligible = serializers.BooleanField(source="is_eligible", read_only=True)
    basis = serializers.ChoiceField(choices=EligibilityBasis.choices, read_only=True)
    reason = serializers.CharField(read_only=True)
    body_id = serializers.IntegerField(read_only=True, allow_null=True)
    body_name = serializers.CharField(read_only=True, allow_null=True)
    changed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Agency
        fields = [
            "agency",
            "agency_name",
            "ori",
            "state",
            "agency_type",
            "eligible",
            "basis",
            "reason",
            "body_id",
            "body_name",
            "changed_at",
        ]
        read_only_fields = fields


class EligibilityChangeSerializer(StrictModelSerializer):
    class Meta:
        model = EligibilityChange
        fields = ["id", "eligible", "basis", "reason", "application", "changed_at"]
        read_only_fields = fields
