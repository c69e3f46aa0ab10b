"""Sec. 4: an agency's co-responder and community-support programs and their yearly figures.

A program's current terms are one row; every version of them, the first included, is an append-only
``ProgramVersion`` stamped with when it was recorded, so what was on record on any past day can be read
back (the Sec. 4 priority as of a date). Yearly figures are filed per program and year and amended,
never overwritten: each filing is a ``YearlyFiguresVersion``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from agencies.models import Agency
from common.append_only import AppendOnlyModel

NAME_MAX_LENGTH = 200
HOURS_IN_A_WEEK = 168


class SupportModel(models.TextChoices):
    """The community-support models of EO 13929 Sec. 4."""

    CO_RESPONDER = "co_responder", "Co-responder team"
    CRISIS_LINE_DIVERSION = "crisis_line_diversion", "Mental-health crisis line diversion"
    HOMELESSNESS_OUTREACH = "homelessness_outreach", "Homelessness outreach"
    ADDICTION_DEFLECTION = "addiction_deflection", "Addiction referral / deflection"
    OTHER = "other", "Other"


class PartnerKind(models.TextChoices):
    MENTAL_HEALTH_PROVIDER = "mental_health_provider", "Mental-health provider"
    SOCIAL_SERVICES = "social_services", "Social services"
    HEALTH_DEPARTMENT = "health_department", "Health department"
    NON_PROFIT = "non_profit", "Non-profit"


# The terms of a program, as a person states them: every version keeps them all.
TERMS = (
    "model",
    "other_name",
    "partners",
    "started_on",
    "ended_on",
    "hours_per_week",
    "jurisdiction_share",
    "officers_trained_share",
    "training_name",
    "training_date",
)


class _ProgramTerms(models.Model):
    """The terms a program is described by, shared by the current row and its versions."""

    model = models.CharField(max_length=32, choices=SupportModel.choices)
    other_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    # [{"name": ..., "kind": PartnerKind}], at least one.
    partners = models.JSONField(default=list)
    started_on = models.DateField()
    # The day it stopped running; it is not active on that day. Blank while it runs.
    ended_on = models.DateField(null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField()
    jurisdiction_share = models.PositiveSmallIntegerField(help_text="Percent of the jurisdiction covered.")
    officers_trained_share = models.PositiveSmallIntegerField(
        help_text="Percent of sworn officers trained for these encounters."
    )
    training_name = models.CharField(max_length=NAME_MAX_LENGTH, blank=True)
    training_date = models.DateField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        if self.model == SupportModel.OTHER and self.other_name:
            return self.other_name
        return str(SupportModel(self.model).label) if self.model in SupportModel.values else self.model


def _term_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(name=f"{prefix}_model_valid", condition=Q(model__in=SupportModel.values)),
        models.CheckConstraint(
            name=f"{prefix}_other_is_named", condition=~Q(model=SupportModel.OTHER) | ~Q(other_name="")
        ),
        models.CheckConstraint(
            name=f"{prefix}_hours_in_week", condition=Q(hours_per_week__gte=1, hours_per_week__lte=168)
        ),
        models.CheckConstraint(
            name=f"{prefix}_shares_are_percent",
            condition=Q(jurisdiction_share__lte=100, officers_trained_share__lte=100),
        ),
        models.CheckConstraint(
            name=f"{prefix}_ends_after_start",
            condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
        ),
    ]


class SupportProgram(_ProgramTerms):
    """An agency's program as its latest version describes it."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="sec4_programs")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = _term_constraints("sec4_program")
        indexes = [models.Index(fields=["agency", "started_on"], name="sec4_program_agency_idx")]

    def __str__(self) -> str:
        return f"{self.display_name} (program {self.pk})"


class ProgramVersion(_ProgramTerms, AppendOnlyModel):
    """Append-only: each version of a program's terms as recorded, with who recorded it and why."""

    program = models.ForeignKey(SupportProgram, on_delete=models.PROTECT, related_name="versions")
    # The program's agency again: the reconstruction of a past day reads versions by agency.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    note = models.CharField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_sec4_version_number"),
            *_term_constraints("sec4_version"),
        ]
        indexes = [models.Index(fields=["agency", "recorded_at"], name="sec4_version_agency_idx")]

    def __str__(self) -> str:
        return f"Program {self.program_id} version {self.number}"


class YearlyFigures(models.Model):
    """A program's figures for one calendar year, as last filed; every filing in ``versions``."""

    program = models.ForeignKey(SupportProgram, on_delete=models.PROTECT, related_name="yearly_figures")
    year = models.PositiveSmallIntegerField()
    calls_answered_jointly = models.PositiveIntegerField()
    referrals_made = models.PositiveIntegerField()
    version = models.PositiveIntegerField(default=1)
    first_filed_at = models.DateTimeField(default=timezone.now)
    filed_at = models.DateTimeField(default=timezone.now)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="one_sec4_figures_per_year"),
        ]
        verbose_name_plural = "yearly figures"

    def __str__(self) -> str:
        return f"Program {self.program_id}, {self.year}"


class YearlyFiguresVersion(AppendOnlyModel):
    """Append-only: the first filing of a year's figures and every amendment."""

    figures = models.ForeignKey(YearlyFigures, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    calls_answered_jointly = models.PositiveIntegerField()
    referrals_made = models.PositiveIntegerField()
    note = models.CharField(max_length=1000, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["figures", "number"]
        constraints = [
            models.UniqueConstraint(fields=["figures", "number"], name="one_sec4_figures_version_number")
        ]

    def __str__(self) -> str:
        return f"Figures {self.figures_id} version {self.number}"
