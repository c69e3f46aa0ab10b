"""The annual report: what a body certified, revoked and saw run out in the year to January 31."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from common.errors import InvalidTransition, NotAllowed, RuleViolation
from common.models import AuditEntry
from credentialing.models import TransitionLog
from reporting.models import AnnualReport
from reporting.selectors import annual_report_entries, current_report_year, report_standings
from reporting.services import submit_annual_report
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body(db):
    # Certified before every period these tests report on: no report is due before a certification.
    return BodyFactory(name="Example National Accreditation Board", certified_on=date(2022, 11, 1))


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(12)))


def event(app, to_status, day):
    TransitionLog.objects.create(
        application=app, action=to_status, from_status="under_review", to_status=to_status, at=at(day)
    )


def approved(body, ori, determined, expires, status="approved"):
    agency = AgencyFactory(ori=ori)
    return ApplicationFactory(
        agency=agency,
        body=body,
        status=status,
        submitted_at=at(determined),
        determination_date=determined,
        expires_on=expires,
    )


@pytest.fixture
def year_of_events(body):
    inside = approved(body, "CA0000100", date(2024, 3, 10), date(2027, 3, 10))
    event(inside, "approved", date(2024, 3, 10))
    before = approved(body, "CA0000200", date(2024, 1, 31), date(2027, 1, 31))
    event(before, "approved", date(2024, 1, 31))
    after = approved(body, "CA0000300", date(2025, 2, 1), date(2028, 2, 1))
    event(after, "approved", date(2025, 2, 1))
    revoked = approved(body, "CA0000400", date(2023, 5, 1), date(2026, 5, 1), status="revoked")
    event(revoked, "revoked", date(2024, 12, 1))
    ran_out = approved(body, "CA0000500", date(2021, 6, 1), date(2024, 6, 1), status="expired")
    gone_before = approved(body, "CA0000600", date(2021, 2, 1), date(2024, 2, 1), status="expired")
    elsewhere = approved(BodyFactory(), "CA0000700", date(2024, 4, 1), date(2027, 4, 1))
    event(elsewhere, "approved", date(2024, 4, 1))
    return {"inside": inside, "revoked": revoked, "ran_out": ran_out, "gone_before": gone_before}


def test_contents_across_the_year(body, year_of_events):
    entries = annual_report_entries(body, 2025)
    assert [(e["event"], e["ori"], e["on"]) for e in entries] == [
        ("certified", "CA0000100", "2024-03-10"),
        ("revoked", "CA0000400", "2024-12-01"),
        ("expired", "CA0000500", "2024-05-31"),
    ]
    certified = entries[0]
    assert certified["determination_date"] == "2024-03-10" and certified["valid_through"] == "2027-03-09"
    # As of a day inside the period, only what had happened by then.
    assert [e["ori"] for e in annual_report_entries(body, 2025, as_of=date(2024, 6, 30))] == [
        "CA0000100",
        "CA0000500",
    ]


def test_submit_is_audited_frozen_and_once_only(body, certifier, year_of_events, staff):
    with pytest.raises(NotAllowed):
        submit_annual_report(body=body, year=2025, actor=staff)
    report = submit_annual_report(body=body, year=2025, actor=certifier, note="As kept by our office.")
    assert len(report.entries) == 3 and report.as_of == date(2025, 1, 31)
    entry = AuditEntry.objects.get(action="annual_report.submitted")
    assert entry.after["certified"] == 1 and entry.after["revoked"] == 1 and entry.after["expired"] == 1
    with pytest.raises(InvalidTransition, match="already been submitted"):
        submit_annual_report(body=body, year=2025, actor=certifier)
    # A later change does not rewrite what was sent.
    event(year_of_events["ran_out"], "revoked", date(2024, 7, 1))
    report.refresh_from_db()
    assert len(report.entries) == 3


def test_a_report_opens_in_january_of_its_year(body, certifier):
    future = current_report_year()
    if timezone.localdate().month != 1:
        with pytest.raises(RuleViolation, match="can be submitted from"):
            submit_annual_report(body=body, year=future, actor=certifier)


def test_doj_sees_submitted_late_and_not_yet_due(body, certifier, doj_admin, client):
    late_body = BodyFactory(name="Late Board", certified_on=date(2023, 5, 1))
    submit_annual_report(body=body, year=2025, actor=certifier)
    standings = {s.name: s.standing for s in report_standings(2025, day=date(2025, 3, 1))}
    assert standings[body.name] == "submitted_late" and standings[late_body.name] == "late"
    assert {s.standing for s in report_standings(2025, day=date(2025, 1, 15)) if s == late_body} == {
        "not_yet_due"
    }
    client.force_login(doj_admin)
    page = client.get(reverse("annual_report_overview"), {"year": 2025, "standing": "late"})
    assert page.status_code == 200 and "Late Board" in page.content.decode()
    download = client.get(reverse("annual_report_download", args=[body.pk, 2025, "csv"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).decode().splitlines()[0].startswith("Event,On,ORI")
    assert client.get(reverse("annual_report_download", args=[late_body.pk, 2025, "csv"])).status_code == 404


def test_certifier_reviews_and_submits_on_the_page(body, certifier, year_of_events, client):
    client.force_login(certifier)
    page = client.get(reverse("annual_report_detail", args=[2025]))
    assert page.status_code == 200 and "CA0000100" in page.content.decode()
    sent = client.post(reverse("annual_report_detail", args=[2025]), {"note": ""}, follow=True)
    assert "was submitted to DOJ" in sent.content.decode()
    assert AnnualReport.objects.filter(body=body, year=2025).exists()
    assert client.get(reverse("annual_reports")).status_code == 200
