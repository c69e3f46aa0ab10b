from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from agencies.models import Agency, AgencyType
from agencies.states import State
from common.append_only import AppendOnlyModel
from common.uploads import random_stored_name

from .dates import valid_through
from .states import CLOSED_WITH_CREDENTIAL, OPEN_STATES, ApplicationStatus


class CertificationStatus(models.TextChoices):
    """The Attorney General's certification of a credentialing body (EO 13929 Sec. 2(b))."""

    PENDING = "pending", "Pending"
    CERTIFIED = "certified", "Certified"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


class StandardKind(models.TextChoices):
    MANDATORY = "mandatory", "Mandatory (Sec. 2(c))"
    DISCRETIONARY = "discretionary", "Discretionary"


# The two minimums of EO 13929 Sec. 2(c): (i) adherence to law, (ii) the chokehold prohibition.
MANDATORY_STANDARD_CODES = ("adherence-to-law", "chokehold-prohibition")


class Standard(models.Model):
    """One principle of the DOJ Standards for Certification; the catalogue is data, not code."""

    code = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=16, choices=StandardKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # Retired, never deleted: bodies and findings refer to it. A retired principle is no longer reviewed.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            # The order fixes exactly two mandatory minimums: they stay mandatory and in force, and no
            # other principle becomes mandatory, whoever writes to the table.
            models.CheckConstraint(
                name="standard_sec_2c_minimums_mandatory",
                condition=Q(
                    code__in=MANDATORY_STANDARD_CODES, kind=StandardKind.MANDATORY, retired_at__isnull=True
                )
                | (~Q(code__in=MANDATORY_STANDARD_CODES) & Q(kind=StandardKind.DISCRETIONARY)),
                violation_error_message=(
                    "The two Sec. 2(c) minimums are always mandatory and in force; every other principle "
                    "is discretionary."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_mandatory(self) -> bool:
        return self.kind == StandardKind.MANDATORY

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


def _validate_states(value: list) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(code not in State.values for code in value):
        raise ValidationError("States served must be a list of US postal codes.")


def _validate_agency_types(value: list) -> None:
    from django.core.exceptions import ValidationError

    if not isinstance(value, list) or any(kind not in AgencyType.values for kind in value):
        raise ValidationError("Agency types served must be a list of known agency types.")


class CredentialingBody(models.Model):
    """An independent credentialing body, which the Attorney General certifies (Sec. 2(b))."""

    name = models.CharField(max_length=200, unique=True)
    abbreviation = models.CharField(max_length=20, blank=True)
    # Tens of bodies, each serving a handful of states: a list on the row is enough.
    states_served = models.JSONField(
        default=list, blank=True, validators=[_validate_states], help_text="Empty means national."
    )
    agency_types_served = models.JSONField(
        default=list, blank=True, validators=[_validate_agency_types], help_text="Empty means all types."
    )
    is_primary = models.BooleanField(
        "primary body of its state", default=False, help_text="Where a state has two designated bodies."
    )
    credential_term_months = models.PositiveSmallIntegerField(
        default=36, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    certification_status = models.CharField(
        max_length=16, choices=CertificationStatus.choices, default=CertificationStatus.PENDING
    )
    certified_on = models.DateField(null=True, blank=True)
    certification_changed_at = models.DateTimeField(null=True, blank=True)
    discretionary_standards = models.ManyToManyField(
        Standard,
        blank=True,
        related_name="reviewing_bodies",
        limit_choices_to={"kind": StandardKind.DISCRETIONARY},
        help_text="The discretionary principles this body reviews; the two mandatory ones always are.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "credentialing bodies"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="body_term_in_range",
                condition=Q(credential_term_months__gte=1, credential_term_months__lte=120),
            ),
            models.CheckConstraint(
                name="body_certified_has_date",
                condition=~Q(certification_status="certified") | Q(certified_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_national(self) -> bool:
        return not self.states_served

    @property
    def is_certified(self) -> bool:
        return self.certification_status == CertificationStatus.CERTIFIED

    def serves_state(self, state: str) -> bool:
        return not self.states_served or state in self.states_served

    def serves_agency_type(self, agency_type: str) -> bool:
        return not self.agency_types_served or agency_type in self.agency_types_served

    def serves(self, agency: Agency) -> bool:
        return self.serves_state(agency.state) and self.serves_agency_type(agency.agency_type)

    @property
    def coverage_display(self) -> str:
        states = ", ".join(self.states_served) if self.states_served else "national"
        if not self.agency_types_served:
            return states
        labels = ", ".join(str(AgencyType(kind).label) for kind in self.agency_types_served)
        return f"{states}; {labels}"


class BodyCertificationEvent(AppendOnlyModel):
    """Append-only record of each change of a body's AG certification."""

    body = models.ForeignKey(CredentialingBody, on_delete=models.PROTECT, related_name="certification_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=16, choices=CertificationStatus.choices)
    to_status = models.CharField(max_length=16, choices=CertificationStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["body", "at"], name="body_cert_event_idx")]

    def __str__(self) -> str:
        return f"{self.body}: {self.from_status} -> {self.to_status}"


class CredentialApplication(models.Model):
    """An agency's application to one credentialing body for credentials."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="applications")
    body = models.ForeignKey(
        CredentialingBody,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="credentialing body",
    )
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    # The head of agency's declaration attests the two Sec. 2(c) minimums.
    attests_legal_compliance = models.BooleanField(
        "use-of-force policies adhere to all applicable federal, state and local laws", default=False
    )
    attests_chokehold_prohibition = models.BooleanField(
        "use-of-force policies prohibit chokeholds except where deadly force is allowed by law", default=False
    )
    notes = models.TextField("notes for the credentialing body", blank=True, max_length=5000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="First submission.")
    status_changed_at = models.DateTimeField(default=timezone.now)
    determination_date = models.DateField(null=True, blank=True)
    expires_on = models.DateField(
        null=True, blank=True, help_text="First day the credential is no longer valid."
    )
    decision_note = models.TextField(blank=True)
    # The certifier of the body working on it: the body's own business, never shown to the agency.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status"], name="application_agency_status_idx"),
            models.Index(fields=["body", "status", "status_changed_at"], name="application_queue_idx"),
            models.Index(fields=["status", "expires_on"], name="application_expiry_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "body"],
                condition=Q(status__in=sorted(OPEN_STATES)),
                name="one_open_application_per_agency_and_body",
                violation_error_message="This agency already has an open application with this body.",
            ),
            models.CheckConstraint(
                name="application_status_valid", condition=Q(status__in=ApplicationStatus.values)
            ),
            models.CheckConstraint(
                name="credential_has_dates",
                condition=~Q(status__in=sorted(CLOSED_WITH_CREDENTIAL))
                | Q(
                    determination_date__isnull=False,
                    expires_on__isnull=False,
                    expires_on__gt=F("determination_date"),
                ),
            ),
            models.CheckConstraint(
                name="draft_never_submitted",
                condition=~Q(status=ApplicationStatus.DRAFT) | Q(submitted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} of {self.agency.ori} to {self.body.abbreviation or self.body.name}"

    @property
    def reference(self) -> str:
        return application_reference(self.pk) if self.pk else "APP-new"

    @property
    def valid_through(self) -> date | None:
        return valid_through(self.expires_on)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    def credential_valid_on(self, day: date) -> bool:
        return (
            self.status == ApplicationStatus.APPROVED
            and self.expires_on is not None
            and day < self.expires_on
        )


def application_reference(pk: int) -> str:
    """The reference people see and quote for an application."""
    return f"APP-{pk:06d}"


class EvidenceKind(models.TextChoices):
    USE_OF_FORCE_POLICY = "use_of_force_policy", "Use-of-force policy"
    SIGNED_DECLARATION = "signed_declaration", "Declaration signed by the head of agency"
    ACCREDITATION = "accreditation", "Existing accreditation or certificate"
    TRAINING_RECORDS = "training_records", "Training records"
    OTHER = "other", "Other supporting document"


REQUIRED_EVIDENCE = (EvidenceKind.USE_OF_FORCE_POLICY, EvidenceKind.SIGNED_DECLARATION)


def evidence_upload_to(instance: "EvidenceDocument", filename: str) -> str:
    return random_stored_name(f"evidence/{instance.application_id}", filename)


class EvidenceDocument(models.Model):
    application = models.ForeignKey(CredentialApplication, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=32, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=evidence_upload_to, max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["application", "kind"], name="evidence_application_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class FindingOutcome(models.TextChoices):
    MET = "met", "Met"
    NOT_MET = "not_met", "Not met"


class Finding(models.Model):
    """A certifier's finding on one standard for one application."""

    application = models.ForeignKey(CredentialApplication, on_delete=models.PROTECT, related_name="findings")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=16, choices=FindingOutcome.choices)
    note = models.TextField(blank=True, max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["standard__position", "standard__code"]
        constraints = [
            models.UniqueConstraint(fields=["application", "standard"], name="one_finding_per_standard"),
            models.CheckConstraint(
                name="finding_outcome_valid", condition=Q(outcome__in=FindingOutcome.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code}: {self.outcome}"


class FindingRevision(AppendOnlyModel):
    """Append-only: every version of a finding, the first included; ``Finding`` holds the current one."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=16, choices=FindingOutcome.choices)
    note = models.TextField(blank=True, max_length=5000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["finding", "number"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "number"], name="one_revision_number_per_finding"),
        ]

    def __str__(self) -> str:
        return f"finding {self.finding_id} revision {self.number}: {self.outcome}"


class TransitionLog(AppendOnlyModel):
    """Append-only: one row per change of an application's state, written in the same transaction."""

    application = models.ForeignKey(
        CredentialApplication, on_delete=models.PROTECT, related_name="transitions"
    )
    # Null for changes the system makes itself (expiry).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=16, choices=ApplicationStatus.choices)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="transition_application_idx")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} -> {self.to_status}"


class InternalNote(AppendOnlyModel):
    """A certifier's note on an application for the body's other certifiers: never shown to the agency,
    never in an e-mail to it. Append-only: a note is followed by another, not edited."""

    application = models.ForeignKey(
        CredentialApplication, on_delete=models.PROTECT, related_name="internal_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=5000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"], name="internal_note_application_idx")]

    def __str__(self) -> str:
        return f"note {self.pk} on application {self.application_id}"
