"""Quarterly reports: one per ended quarter (records or zero), signed off, amended with versions kept;
a submission or amendment recomputes the agency's eligibility on commit through the outbox."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from common.errors import NotFound, RuleViolation
from common.models import AuditEntry
from grants.models import AgencyEligibility, RecomputeRequest
from records.models import QuarterlyReport, ReportingStatus, ReportVersion
from records.quarters import Quarter, last_complete
from records.selectors import quarters_due
from records.services.reports import amend_report, submit_report
from tests.factories import AgencyFactory, AgencyStaffFactory

pytestmark = pytest.mark.django_db

SIGNED = {"signed_by_name": "Pat Example", "signed_by_title": "Chief of Police"}


def submit(staff, quarter, zero=True, **extra):
    return submit_report(actor=staff, agency=staff.agency, quarter=quarter, zero=zero, **SIGNED, **extra)


def test_a_zero_report_then_an_amendment_keeps_both_versions(staff, make_record):
    quarter = Quarter.of(date(2025, 8, 14))
    report = submit(staff, quarter.previous())
    assert report.kind == "zero" and report.record_count == 0
    make_record(action_date=quarter.previous().start + timedelta(days=3))
    amended = amend_report(actor=staff, report=report, zero=False, note="a termination was missed", **SIGNED)
    assert amended.kind == "records" and amended.record_count == 1 and amended.version == 2
    versions = list(ReportVersion.objects.filter(report=report).values_list("number", "kind"))
    assert versions == [(1, "zero"), (2, "records")]
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="sec3_report").order_by("id")] == [
        "sec3_report.submitted",
        "sec3_report.amended",
    ]


def test_records_and_zero_must_agree_with_the_quarter(staff, make_record):
    make_record(action_date=date(2025, 8, 14))
    with pytest.raises(RuleViolation, match="rather than a zero report"):
        submit(staff, Quarter(2025, 3), zero=True)
    with pytest.raises(RuleViolation, match="submit a zero report instead"):
        submit(staff, Quarter(2025, 2), zero=False)
    assert submit(staff, Quarter(2025, 3), zero=False).record_count == 1


def test_a_quarter_not_yet_ended_is_refused_and_writes_nothing(staff):
    current = Quarter.of(timezone.localdate())
    for quarter in (current, current.next()):
        with pytest.raises(RuleViolation, match="has not ended yet") as refused:
            submit(staff, quarter)
        assert refused.value.field == "quarter"
    assert not QuarterlyReport.objects.exists() and not RecomputeRequest.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_quarter_is_reported_once(staff):
    submit(staff, Quarter(2025, 1))
    with pytest.raises(RuleViolation, match="already been reported"):
        submit(staff, Quarter(2025, 1))


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("signed_by_name", "", "Enter the name"),
        ("signed_by_name", "Pat\x00", "NUL"),
        ("signed_by_title", "x" * 201, "longer"),
    ],
)
def test_a_report_needs_a_named_person_to_sign_it_off(staff, field, value, words):
    with pytest.raises(RuleViolation, match=words):
        submit_report(
            actor=staff, agency=staff.agency, quarter=Quarter(2025, 1), zero=True, **{**SIGNED, field: value}
        )
    assert not QuarterlyReport.objects.exists()


def test_another_agencys_report_is_out_of_reach(staff):
    report = submit(staff, Quarter(2025, 1))
    outsider = AgencyStaffFactory(agency=AgencyFactory())
    with pytest.raises(RuleViolation, match="your own agency"):
        submit_report(actor=outsider, agency=staff.agency, quarter=Quarter(2025, 2), zero=True, **SIGNED)
    with pytest.raises(NotFound):
        amend_report(actor=outsider, report=report, zero=True, note="mine", **SIGNED)


def test_the_reporting_run_follows_the_reports(staff):
    for quarter in (Quarter(2025, 1), Quarter(2025, 3), Quarter(2025, 4)):
        submit(staff, quarter)
    status = ReportingStatus.objects.get(agency=staff.agency)
    assert (status.reported_from, status.reported_through) == (date(2025, 7, 1), date(2025, 10, 1))
    submit(staff, Quarter(2025, 2))  # a late report closes the gap
    status.refresh_from_db()
    assert status.reported_from == date(2025, 1, 1)


def test_submitting_recomputes_on_commit_through_the_outbox(staff, commit_hooks):
    with commit_hooks():
        submit(staff, Quarter(2025, 1))
    flag = AgencyEligibility.objects.get(agency=staff.agency)
    assert (flag.reported_from, flag.reported_through) == (date(2025, 1, 1), date(2025, 1, 1))
    assert not RecomputeRequest.objects.exists()  # the recompute covered its outbox row


def test_due_and_overdue_quarters(staff):
    today = timezone.localdate()
    last = last_complete(today)
    submit(staff, last.previous())
    rows = quarters_due(staff.agency, today=today)
    assert rows[0].quarter == last and rows[0].report is None
    assert rows[1].report is not None and not rows[1].overdue
    assert rows[2].report is None and rows[2].overdue
