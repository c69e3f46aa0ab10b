from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from agencies.models import Agency
from common.append_only import AppendOnlyModel


class ProgramKind(models.TextChoices):
    DISCRETIONARY = "discretionary", "Discretionary"
    # Formula grants (Byrne JAG, say) are not subject to the Sec. 2(a) condition.
    FORMULA = "formula", "Formula"


class GrantProgram(models.Model):
    name = models.CharField(max_length=200)
    fiscal_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2020), MaxValueValidator(2100)]
    )
    kind = models.CharField(max_length=16, choices=ProgramKind.choices, default=ProgramKind.DISCRETIONARY)
    application_deadline = models.DateField()
    description = models.TextField(blank=True, max_length=5000)
    # EO 13929 Sec. 3(d): applicants must also have reported every complete quarter from this one on.
    applies_sec3d = models.BooleanField(default=False)
    sec3d_reporting_from = models.DateField(
        null=True, blank=True, help_text="The first day of the first quarter whose Sec. 3 report is required."
    )
    # EO 13929 Sec. 5(b)(i): the program weighs Sec. 4 co-responder and community-support programs as a
    # priority consideration, shown beside eligibility and never changing it.
    sec4_priority = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fiscal_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "fiscal_year"], name="program_unique_per_year"),
            models.CheckConstraint(name="program_kind_valid", condition=Q(kind__in=ProgramKind.values)),
            models.CheckConstraint(
                name="program_fiscal_year_range", condition=Q(fiscal_year__gte=2020, fiscal_year__lte=2100)
            ),
            models.CheckConstraint(
                name="program_sec3d_has_start",
                condition=Q(applies_sec3d=False)
                | Q(applies_sec3d=True, sec3d_reporting_from__isnull=False, kind="discretionary"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (FY{self.fiscal_year})"

    @property
    def requires_credentialing(self) -> bool:
        return self.kind == ProgramKind.DISCRETIONARY

    @property
    def reporting_start(self) -> date | None:
        """The first day of the Sec. 3(d) condition's first quarter; None where it does not apply."""
        return self.sec3d_reporting_from if self.applies_sec3d and self.requires_credentialing else None


class GrantApplicant(models.Model):
    """An agency applying to a grant program."""

    program = models.ForeignKey(GrantProgram, on_delete=models.CASCADE, related_name="applicants")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="grant_applications")
    amount_requested = models.DecimalField(max_digits=14, decimal_places=2)
    added_at = models.DateTimeField(auto_now_add=True)
    # The agency's name, kept here as the program's own sort key: a page of a program's applicants by
    # name walks ``applicant_program_name_idx`` (this program's rows only), not the national name index.
    # Set when the row is added; an agency renamed through ``agencies.services.update_agency`` renames
    # its rows in the same transaction (``grants.renames``).
    agency_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["agency_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "agency"], name="one_applicant_row_per_agency"),
            models.CheckConstraint(name="applicant_agency_name_set", condition=~Q(agency_name="")),
            models.CheckConstraint(
                name="applicant_amount_positive",
                condition=Q(amount_requested__gt=0, amount_requested__lt=10**12),
            ),
        ]
        indexes = [
            models.Index(fields=["agency"], name="applicant_agency_idx"),
            models.Index(fields=["program", "agency_name", "id"], name="applicant_program_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} -> {self.program}"


class EligibilityBasis(models.TextChoices):
    CREDENTIALED = "credentialed", "Credentialed"
    IN_PROCESS = "in_process", "Application in process"
    EXEMPT = "exempt", "Exempt (tribal agency)"
    NONE = "none", "Not eligible"


class ReportingBasis(models.TextChoices):
    """Why a program's Sec. 3(d) condition holds or fails for an applicant."""

    REPORTED = "reported", "Reported every quarter"
    NOT_YET_DUE = "not_yet_due", "No report due yet"
    EXEMPT = "exempt", "Exempt (tribal agency)"
    MISSING = "missing", "Report missing"


class AgencyEligibility(models.Model):
    """An agency's current Sec. 2(a) grant-eligibility flag and Sec. 3 reporting run, kept by the recompute
    task."""

    agency = models.OneToOneField(
        Agency, primary_key=True, on_delete=models.CASCADE, related_name="eligibility"
    )
    eligible = models.BooleanField(default=False)
    basis = models.CharField(max_length=16, choices=EligibilityBasis.choices, default=EligibilityBasis.NONE)
    reason = models.CharField(max_length=300, default="no application")
    application = models.ForeignKey(
        "credentialing.CredentialApplication",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The agency's latest unbroken run of Sec. 3 quarterly reports (first days of the quarters), from
    # which each program's Sec. 3(d) condition is decided when it is read.
    reported_from = models.DateField(null=True, blank=True)
    reported_through = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "agency eligibility flags"
        indexes = [models.Index(fields=["eligible"], name="eligibility_flag_idx")]
        constraints = [
            models.CheckConstraint(
                name="eligibility_basis_matches_flag",
                condition=Q(eligible=True, basis__in=["credentialed", "in_process", "exempt"])
                | Q(eligible=False, basis="none"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}: {'eligible' if self.eligible else 'not eligible'}"


class EligibilityChange(AppendOnlyModel):
    """Append-only history: one row each time an agency's flag, basis or reason changed."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="eligibility_history")
    eligible = models.BooleanField()
    basis = models.CharField(max_length=16, choices=EligibilityBasis.choices)
    reason = models.CharField(max_length=300)
    application = models.ForeignKey(
        "credentialing.CredentialApplication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_from = models.DateField(null=True, blank=True)
    reported_through = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["agency", "changed_at"], name="eligibility_history_idx")]

    def __str__(self) -> str:
        return f"{self.agency_id} @ {self.changed_at:%Y-%m-%d %H:%M}: {self.basis}"


class RecomputeRequest(models.Model):
    """Transactional outbox: written with the change that makes an agency's flag stale.

    The on-commit enqueue is the fast path; if that message is lost (broker down, worker killed) the
    periodic relay finds the row and recomputes. A recompute deletes the rows it has covered.
    At most one row is pending per agency: changes made while it waits join it instead of asking for
    another recompute (see ``grants.outbox``).
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["requested_at"], name="recompute_requested_idx")]
        constraints = [models.UniqueConstraint(fields=["agency"], name="recompute_one_pending_per_agency")]

    def __str__(self) -> str:
        return f"recompute {self.agency_id} (requested {self.requested_at:%H:%M:%S})"


class BodyRecomputeRequest(models.Model):
    """The outbox row of a change to a credentialing body's certification: every agency with an
    application to the body needs its flag recomputed, and one row stands for them all (a national body
    has tens of thousands; a row each cost seconds to write, check and delete). The body's task recomputes
    them set-wise and deletes the row; the periodic relay finds a row whose task was lost. At most one is
    pending per body: a change made while it waits joins it (``grants.outbox``).
    """

    body = models.OneToOneField("credentialing.CredentialingBody", on_delete=models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["requested_at"], name="body_recompute_requested_idx")]

    def __str__(self) -> str:
        return f"recompute the agencies of body {self.body_id} (requested {self.requested_at:%H:%M:%S})"


class ReconciliationRun(models.Model):
    """One run of the hourly reconciliation sweep and how many flags it had to correct: more than none
    outside expiry days means a recompute was missed somewhere (docs/operations.md, the metrics)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    corrected = models.PositiveIntegerField()

    class Meta:
        ordering = ["-finished_at", "-id"]
        indexes = [models.Index(fields=["-finished_at"], name="reconciliation_finished_idx")]

    def __str__(self) -> str:
        return f"reconciliation at {self.finished_at:%Y-%m-%d %H:%M}: {self.corrected} corrected"
