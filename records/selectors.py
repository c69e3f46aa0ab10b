"""Reads of the records app: records and reports in the reader's scope, and which quarters are due."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from agencies.models import Agency

from .models import HiringCheck, QuarterlyReport, RecordRevision, UseOfForceRecord
from .permissions import scope_to
from .quarters import Quarter, between, last_complete
from .services.reports import FIRST_QUARTER

# How many past quarters an agency's page lists as due when none has been reported yet.
DUE_WINDOW = 8


def records_visible_to(user) -> QuerySet[UseOfForceRecord]:
    return scope_to(user, UseOfForceRecord.objects.select_related("agency"))


def revisions_of(record: UseOfForceRecord) -> QuerySet[RecordRevision]:
    return RecordRevision.objects.filter(record=record).select_related("revised_by").order_by("number")


def reports_visible_to(user) -> QuerySet[QuarterlyReport]:
    return scope_to(user, QuarterlyReport.objects.select_related("agency"))


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
