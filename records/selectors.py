"""Reads of the records app: records and reports in the reader's scope, and which quarters are due."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from agencies.models import Agency
from common.errors import NotFound

from .models import (
    HiringCheck,
    QuarterlyReport,
    RecordDocument,
    RecordRevision,
    ReportVersion,
    UseOfForceRecord,
)
from .permissions import scope_to
from .quarters import Quarter, between, last_complete
from .services.reports import FIRST_QUARTER

# How many past quarters an agency's page lists as due when none has been reported yet.
DUE_WINDOW = 8


def records_visible_to(user) -> QuerySet[UseOfForceRecord]:
    return scope_to(user, UseOfForceRecord.objects.select_related("agency"))


def record_visible_to(user, record_id: int) -> UseOfForceRecord:
    """One record in the reader's scope; outside it (or missing) it does not exist."""
    try:
        return records_visible_to(user).get(pk=record_id)
    except UseOfForceRecord.DoesNotExist:
        raise NotFound("No such record.") from None


def revisions_of(record: UseOfForceRecord) -> QuerySet[RecordRevision]:
    return RecordRevision.objects.filter(record=record).select_related("revised_by").order_by("number")


def documents_of(record: UseOfForceRecord) -> QuerySet[RecordDocument]:
    return (
        RecordDocument.objects.filter(record=record)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "id")
    )


def record_document_visible_to(user, document_id: int) -> RecordDocument:
    """A supporting document of a record in the reader's scope, else none."""
    try:
        return RecordDocument.objects.get(pk=document_id, record__in=records_visible_to(user))
    except RecordDocument.DoesNotExist:
        raise NotFound("No such document.") from None


def reports_visible_to(user) -> QuerySet[QuarterlyReport]:
    return scope_to(user, QuarterlyReport.objects.select_related("agency"))


def report_visible_to(user, report_id: int) -> QuarterlyReport:
    try:
        return reports_visible_to(user).get(pk=report_id)
    except QuarterlyReport.DoesNotExist:
        raise NotFound("No such report.") from None


def versions_of(report: QuarterlyReport) -> QuerySet[ReportVersion]:
    """The original submission and every amendment, latest first."""
    return ReportVersion.objects.filter(report=report).select_related("submitted_by").order_by("-number")


def check_log_visible_to(user) -> QuerySet[HiringCheck]:
    """The whole log for DOJ administrators; an agency's staff see their own agency's checks."""
    return scope_to(user, HiringCheck.objects.select_related("checked_by", "agency"))


@dataclass(frozen=True)
class QuarterDue:
    quarter: Quarter
    report: QuarterlyReport | None
    due_on: date  # the day after the quarter ends
    overdue: bool


def quarters_due(agency: Agency, *, today: date | None = None, grace_days: int = 30) -> list[QuarterDue]:
    """Every complete quarter of the window, latest first, with its report or none; a quarter unreported
    ``grace_days`` after it ended is overdue. One query."""
    today = today or timezone.localdate()
    last = last_complete(today)
    first = max(FIRST_QUARTER, Quarter(last.year - DUE_WINDOW // 4, last.number).next())
    reports = {r.quarter: r for r in QuarterlyReport.objects.filter(agency=agency, quarter__gte=first.start)}
    rows = []
    for quarter in reversed(between(first, last)):
        due_on = quarter.next().start
        report = reports.get(quarter.start)
        rows.append(
            QuarterDue(quarter, report, due_on, report is None and (today - due_on).days > grace_days)
        )
    return rows


def latest_quarter_overdue(*, today: date | None = None, grace_days: int = 30) -> Quarter:
    """The latest quarter whose report is overdue for an agency that has not filed it by ``today``."""
    today = today or timezone.localdate()
    quarter = last_complete(today)
    while (today - quarter.next().start).days <= grace_days:
        quarter = quarter.previous()
    return quarter


def agencies_overdue(*, today: date | None = None, grace_days: int = 30) -> tuple[Quarter, int]:
    """How many agencies have not reported the latest quarter past its grace period. One query."""
    quarter = latest_quarter_overdue(today=today, grace_days=grace_days)
    if quarter.start < FIRST_QUARTER.start:
        return quarter, 0
    count = Agency.objects.exclude(sec3_reports__quarter=quarter.start).count()
    return quarter, count
