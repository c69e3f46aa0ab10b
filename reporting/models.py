"""What bodies and DOJ send each other: a body's bulk list of earlier determinations and its annual
report. The national repository is read from the eligibility history and stores nothing of its own."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from agencies.models import Agency
from credentialing.models import CredentialApplication, CredentialingBody

from .refusals import RowRefusal


def list_upload_to(instance: "BulkList", filename: str) -> str:
    # The stored name is random: the uploaded name is kept only as display text.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"lists/{instance.body_id}/{uuid.uuid4().hex}{suffix}"


class BulkList(models.Model):
    """An uploaded list of agencies a body determined met the minimums; kept as the approvals' evidence."""

    body = models.ForeignKey(CredentialingBody, on_delete=models.PROTECT, related_name="bulk_lists")
    name = models.CharField(max_length=200)
    file = models.FileField(upload_to=list_upload_to, max_length=255)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    # The same file uploaded again by the body is this list, not a second one.
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    row_count = models.PositiveIntegerField(default=0)
    ready_count = models.PositiveIntegerField(default=0)
    refused_count = models.PositiveIntegerField(default=0)
    # How many rows each kind of reason refused ({RowRefusal: count}), kept beside the totals.
    refusal_counts = models.JSONField(default=dict, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField(null=True, blank=True)
    committed_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "sha256"], name="one_list_per_file_and_body"),
            models.CheckConstraint(
                name="list_committed_has_who_and_count",
                condition=Q(committed_at__isnull=True)
                | Q(committed_by__isnull=False, committed_count__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"List {self.name} of {self.body}"

    @property
    def is_committed(self) -> bool:
        return self.committed_at is not None


class RowVerdict(models.TextChoices):
    READY = "ready", "Ready"
    REFUSED = "refused", "Refused"


class BulkListRow(models.Model):
    bulk_list = models.ForeignKey(BulkList, on_delete=models.CASCADE, related_name="rows")
    line = models.PositiveIntegerField(help_text="The row's number in the file, as a spreadsheet shows it.")
    # As written (upper-cased), up to a cell's length: a refused row shows what the file said.
    ori = models.CharField(max_length=100, blank=True)
    determination_date = models.DateField(null=True, blank=True)
    written_date = models.CharField(max_length=100, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    verdict = models.CharField(max_length=8, choices=RowVerdict.choices)
    refusal_kind = models.CharField(max_length=32, choices=RowRefusal.choices, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    application = models.ForeignKey(
        CredentialApplication, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["bulk_list", "line"]
        constraints = [
            models.UniqueConstraint(fields=["bulk_list", "line"], name="one_row_per_line"),
            models.CheckConstraint(
                name="row_refusal_has_reason", condition=Q(verdict="ready") | ~Q(reason="")
            ),
            models.CheckConstraint(
                name="row_refusal_has_kind_and_ready_row_a_date",
                condition=Q(verdict="ready", refusal_kind="", determination_date__isnull=False)
                | (Q(verdict="refused") & ~Q(refusal_kind="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bulk_list_id} line {self.line}: {self.ori} {self.verdict}"


class AnnualReport(models.Model):
    """A body's submitted annual report: what it certified in the year to January 31, frozen as sent."""

    body = models.ForeignKey(CredentialingBody, on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(help_text="The year of the January 31 the report runs to.")
    as_of = models.DateField(help_text="The last day the report's contents cover.")
    entries = models.JSONField(default=list)
    note = models.TextField(blank=True, max_length=5000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "body__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="one_annual_report_per_body_and_year"),
        ]

    def __str__(self) -> str:
        return f"{self.body} annual report {self.year}"
