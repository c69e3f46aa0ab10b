"""Sec. 3 records of an agency's own officers, their revisions, documents, quarterly reports and checks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from agencies.models import Agency
from common.append_only import AppendOnlyModel
from common.uploads import random_stored_name

from .names import short_name

NAME_MAX_LENGTH = 200


class RecordKind(models.TextChoices):
    """The five instances EO 13929 Sec. 3(b) asks to be tracked."""

    TERMINATION = "termination", "Termination"
    DECERTIFICATION = "decertification", "De-certification"
    CRIMINAL_CONVICTION = "criminal_conviction", "Criminal conviction for on-duty conduct"
    CIVIL_JUDGMENT = "civil_judgment", "Civil judgment for improper use of force"
    RESIGNATION_UNDER_INVESTIGATION = (
        "resignation_under_investigation",
        "Resignation or retirement under investigation",
    )


class ProcessStatus(models.TextChoices):
    """Only instances where the officer was afforded fair process count: final ones."""

    FINAL = "final", "Final"
    UNDER_APPEAL = "under_appeal", "Under appeal"
    OVERTURNED = "overturned", "Overturned"


class UseOfForceRecord(models.Model):
    """The current revision of a record; every revision, this one included, is a ``RecordRevision``."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="sec3_records")
    officer_name = models.CharField(max_length=NAME_MAX_LENGTH)
    # What a hiring check compares (``names.normalise_name``), kept beside the name for its index.
    officer_name_key = models.CharField(max_length=NAME_MAX_LENGTH)
    date_of_birth = models.DateField()
    certificate_number = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40, choices=RecordKind.choices)
    action_date = models.DateField()
    process_status = models.CharField(max_length=16, choices=ProcessStatus.choices)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-action_date", "-id"]
        constraints = [
            models.CheckConstraint(name="record_kind_valid", condition=Q(kind__in=RecordKind.values)),
            models.CheckConstraint(
                name="record_status_valid", condition=Q(process_status__in=ProcessStatus.values)
            ),
            models.CheckConstraint(
                name="record_action_after_birth", condition=Q(action_date__gt=models.F("date_of_birth"))
            ),
        ]
        indexes = [
            models.Index(fields=["date_of_birth", "officer_name_key"], name="record_dob_name_idx"),
            models.Index(fields=["agency", "action_date"], name="record_agency_action_idx"),
            models.Index(fields=["process_status", "action_date"], name="record_status_action_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """How people name a record: the officer, the kind and the year, "J. Smith — termination,
        2026", never the database id."""
        kind = self.get_kind_display()
        return f"{short_name(self.officer_name)} — {kind[:1].lower()}{kind[1:]}, {self.action_date.year}"


class RecordRevision(AppendOnlyModel):
    """Append-only: each version of a record as it was written, with who wrote it and why."""

    record = models.ForeignKey(UseOfForceRecord, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    officer_name = models.CharField(max_length=NAME_MAX_LENGTH)
    date_of_birth = models.DateField()
    certificate_number = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40, choices=RecordKind.choices)
    action_date = models.DateField()
    process_status = models.CharField(max_length=16, choices=ProcessStatus.choices)
    reason = models.CharField(max_length=1000, blank=True)
    revised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["record", "number"]
        constraints = [models.UniqueConstraint(fields=["record", "number"], name="one_revision_number")]

    def __str__(self) -> str:
        return f"{self.record} revision {self.number}"


def record_document_upload_to(instance: "RecordDocument", filename: str) -> str:
    return random_stored_name(f"records/{instance.record.agency_id}", filename)


class RecordDocument(models.Model):
    """Supporting evidence of a record: the same checks and storage as an application's evidence."""

    record = models.ForeignKey(UseOfForceRecord, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=record_document_upload_to, max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReportKind(models.TextChoices):
    RECORDS = "records", "Records"
    ZERO = "zero", "Zero report (none this quarter)"


class QuarterlyReport(models.Model):
    """An agency's Sec. 3 submission for one calendar quarter, as last amended; versions in
    ``ReportVersion``."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="sec3_reports")
    quarter = models.DateField(help_text="The quarter's first day.")
    kind = models.CharField(max_length=8, choices=ReportKind.choices)
    record_count = models.PositiveIntegerField(default=0)
    signed_by_name = models.CharField(max_length=200)
    signed_by_title = models.CharField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    first_submitted_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "quarter"], name="one_report_per_quarter"),
            models.CheckConstraint(name="report_kind_valid", condition=Q(kind__in=ReportKind.values)),
            models.CheckConstraint(
                name="zero_report_has_no_records",
                condition=Q(kind="zero", record_count=0) | Q(kind="records", record_count__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.quarter:%Y-%m}"


class ReportVersion(AppendOnlyModel):
    """Append-only: the original submission and every amendment, each signed off by a named person."""

    report = models.ForeignKey(QuarterlyReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, choices=ReportKind.choices)
    record_ids = models.JSONField(default=list)
    signed_by_name = models.CharField(max_length=200)
    signed_by_title = models.CharField(max_length=200)
    note = models.CharField(max_length=1000, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number")]

    def __str__(self) -> str:
        return f"Report {self.report_id} version {self.number}"


class ReportingStatus(models.Model):
    """An agency's latest unbroken run of reported quarters, kept by the report services.

    Whether a grant program's Sec. 3(d) condition holds depends on the program's reporting start and on
    today's last complete quarter, so it is decided from this run when a program is read, never stored.
    """

    agency = models.OneToOneField(
        Agency, primary_key=True, on_delete=models.CASCADE, related_name="sec3_reporting"
    )
    reported_from = models.DateField(null=True, blank=True)
    reported_through = models.DateField(null=True, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "reporting statuses"

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.reported_from} - {self.reported_through}"


class HiringCheck(AppendOnlyModel):
    """Append-only: who checked whom, when and why, and how many records answered."""

    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="hiring_checks")
    candidate_name = models.CharField(max_length=NAME_MAX_LENGTH)
    date_of_birth = models.DateField()
    certificate_number = models.CharField(max_length=40, blank=True)
    purpose = models.CharField(max_length=500)
    exact_matches = models.PositiveIntegerField()
    possible_matches = models.PositiveIntegerField()
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["checked_at"], name="hiring_check_time_idx")]

    def __str__(self) -> str:
        return f"Check {self.pk} by {self.checked_by_id}"
