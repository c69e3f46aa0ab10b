"""Quarterly Sec. 3 reports: submitted once per quarter (records or a zero report), amended after.

A submission or an amendment announces, in its own transaction, that the agency's grant eligibility
may have changed (``common.changes``): the grants app answers with an outbox row and a recompute on
commit, exactly as for an application's change of state.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from common import changes
from common.audit import record as audit
from common.audit import snapshot
from common.errors import NotFound, RuleViolation

from ..models import QuarterlyReport, ReportingStatus, ReportKind, ReportVersion, UseOfForceRecord
from ..permissions import can_keep_records
from ..quarters import Quarter, latest_run
from ..validation import clean_text

# Sec. 3 reporting starts with the quarter after the order was signed (2020-06-16).
FIRST_QUARTER = Quarter(2020, 3)
AUDITED_FIELDS = ("agency", "quarter", "kind", "record_count", "signed_by_name", "signed_by_title", "version")


def _check_quarter(quarter: Quarter) -> None:
    today = timezone.localdate()
    if quarter.end >= today:
        raise RuleViolation(
            f"{quarter} has not ended yet: it can be reported from {quarter.next().start}.", field="quarter"
        )
    if quarter < FIRST_QUARTER:
        raise RuleViolation(f"Sec. 3 reporting starts with {FIRST_QUARTER}.", field="quarter")


def _records_of(agency: Agency, quarter: Quarter) -> list[int]:
    return list(
        UseOfForceRecord.objects.filter(
            agency=agency, action_date__gte=quarter.start, action_date__lte=quarter.end
        )
        .order_by("id")
        .values_list("id", flat=True)
    )


def _content(agency: Agency, quarter: Quarter, zero: bool) -> tuple[str, list[int]]:
    record_ids = _records_of(agency, quarter)
    if zero and record_ids:
        raise RuleViolation(
            f"{len(record_ids)} record(s) of {quarter} exist: submit them rather than a zero report.",
            field="zero",
        )
    if not zero and not record_ids:
        raise RuleViolation(f"No records of {quarter} exist: submit a zero report instead.", field="zero")
    return (ReportKind.ZERO if zero else ReportKind.RECORDS), record_ids


def _refresh_status(agency: Agency) -> None:
    reported = set(QuarterlyReport.objects.filter(agency=agency).values_list("quarter", flat=True))
    first, through = latest_run(reported)
    ReportingStatus.objects.update_or_create(
        agency=agency,
        defaults={"reported_from": first, "reported_through": through, "changed_at": timezone.now()},
    )


def _signed(signed_by_name: str, signed_by_title: str) -> tuple[str, str]:
    return (
        clean_text(
            signed_by_name, field="signed_by_name", label="name of the person signing off", max_length=200
        ),
        clean_text(
            signed_by_title, field="signed_by_title", label="title of the person signing off", max_length=200
        ),
    )


def submit_report(
    *,
    actor: User,
    agency: Agency,
    quarter: Quarter,
    zero: bool,
    signed_by_name: str,
    signed_by_title: str,
    note: str = "",
) -> QuarterlyReport:
    if not can_keep_records(actor, agency):
        raise RuleViolation("You can only report for your own agency.", field="agency")
    _check_quarter(quarter)
    name, title = _signed(signed_by_name, signed_by_title)
    note = clean_text(note, field="note", label="note", max_length=1000, required=False)
    with transaction.atomic():
        # The agency's row serialises its reports: one submission per quarter, whoever clicks first.
        # (NO KEY UPDATE: a running recompute's foreign-key checks on the agency are not blocked.)
        locked = Agency.objects.select_for_update(no_key=True).get(pk=agency.pk)
        if QuarterlyReport.objects.filter(agency=locked, quarter=quarter.start).exists():
            raise RuleViolation(
                f"{quarter} has already been reported: amend that report instead.", field="quarter"
            )
        kind, record_ids = _content(locked, quarter, zero)
        now = timezone.now()
        report = QuarterlyReport.objects.create(
            agency=locked,
            quarter=quarter.start,
            kind=kind,
            record_count=len(record_ids),
            signed_by_name=name,
            signed_by_title=title,
            first_submitted_at=now,
            submitted_at=now,
            submitted_by=actor,
        )
        ReportVersion.objects.create(
            report=report,
            number=1,
            kind=kind,
            record_ids=record_ids,
            signed_by_name=name,
            signed_by_title=title,
            note=note,
            submitted_by=actor,
            submitted_at=now,
        )
        _refresh_status(locked)
        audit(actor=actor, action="sec3_report.submitted", obj=report, after=snapshot(report, AUDITED_FIELDS))
        changes.agencies_changed(agency_ids=[locked.pk])
    return report


def amend_report(
    *, actor: User, report: QuarterlyReport, zero: bool, signed_by_name: str, signed_by_title: str, note: str
) -> QuarterlyReport:
    """A new version of a submitted report, signed off again; the earlier versions are kept."""
    name, title = _signed(signed_by_name, signed_by_title)
    why = clean_text(note, field="note", label="reason for the amendment", max_length=1000)
    with transaction.atomic():
        locked = Agency.objects.select_for_update(no_key=True).get(pk=report.agency_id)
        try:
            current = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        except QuarterlyReport.DoesNotExist:
            raise NotFound("No such report.") from None
        if not can_keep_records(actor, locked):
            raise NotFound("No such report.")
        quarter = Quarter.of(current.quarter)
        kind, record_ids = _content(locked, quarter, zero)
        before = snapshot(current, AUDITED_FIELDS)
        current.kind, current.record_count = kind, len(record_ids)
        current.signed_by_name, current.signed_by_title = name, title
        current.version += 1
        current.submitted_at = timezone.now()
        current.submitted_by = actor
        current.save()
        ReportVersion.objects.create(
            report=current,
            number=current.version,
            kind=kind,
            record_ids=record_ids,
            signed_by_name=name,
            signed_by_title=title,
            note=why,
            submitted_by=actor,
            submitted_at=current.submitted_at,
        )
        audit(
            actor=actor,
            action="sec3_report.amended",
            obj=current,
            before=before,
            after=snapshot(current, AUDITED_FIELDS),
            reason=why,
        )
        changes.agencies_changed(agency_ids=[locked.pk])
    return current
