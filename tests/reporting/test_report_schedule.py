"""The annual-report schedule: due from the body's AG certification onwards, never before."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from common.errors import RuleViolation
from credentialing.models import CertificationStatus
from credentialing.services import certify_body, reinstate_body, suspend_body
from reporting.schedule import Standing, current_report_year, owes, report_standings_of
from reporting.selectors import report_standings
from reporting.services import submit_annual_report
from tests.factories import BodyFactory, CertifierFactory

pytestmark = pytest.mark.django_db


def standings_of(body, **kwargs):
    return {
        r.report_year: r.standing
        for r in report_standings_of(type(body).objects.filter(pk=body.pk), **kwargs)
    }


def test_a_body_certified_today_owes_only_the_report_running_now(doj_admin):
    body = certify_body(body=BodyFactory(pending=True), actor=doj_admin)
    assert standings_of(body) == {current_report_year(): Standing.NOT_YET_DUE}
    assert not any(owes(body, year) for year in range(2021, current_report_year()))
    assert body not in list(report_standings(current_report_year() - 1))


def test_no_report_is_submitted_for_a_year_before_the_certification(doj_admin):
    body = certify_body(body=BodyFactory(pending=True), actor=doj_admin)
    certifier = CertifierFactory(credentialing_body=body)
    with pytest.raises(RuleViolation, match="owes no report due January 31, 2026: the Attorney General"):
        submit_annual_report(body=body, year=2026, actor=certifier)


def test_the_first_report_due_is_the_one_covering_the_certification_day():
    body = BodyFactory(certified_on=date(2024, 1, 31))
    assert [y for y in range(2021, 2028) if owes(body, y)] == [2024, 2025, 2026, 2027]
    later = BodyFactory(certified_on=date(2024, 2, 1))
    assert next(y for y in range(2021, 2028) if owes(later, y)) == 2025


def test_standing_late_and_not_yet_due_follow_the_day():
    body = BodyFactory(certified_on=date(2023, 6, 1))
    assert standings_of(body, day=date(2025, 3, 1)) == {
        2026: Standing.NOT_YET_DUE,
        2025: Standing.LATE,
        2024: Standing.LATE,
    }


def test_a_reinstatement_does_not_restart_the_schedule(doj_admin):
    with time_machine.travel(timezone.make_aware(datetime.combine(date(2023, 3, 1), time(9))), tick=False):
        body = certify_body(body=BodyFactory(pending=True), actor=doj_admin)
    suspend_body(body=body, actor=doj_admin, note="Audit.")
    body = reinstate_body(body=body, actor=doj_admin, note="Audit passed.")
    assert body.certified_on == timezone.localdate()
    assert owes(body, 2024) and not owes(body, 2023)


def test_a_revoked_body_owes_up_to_the_year_of_its_revocation():
    revoked_at = timezone.make_aware(datetime.combine(date(2024, 6, 1), time(9)))
    body = BodyFactory(
        certified_on=date(2022, 6, 1),
        certification_status=CertificationStatus.REVOKED,
        certification_changed_at=revoked_at,
    )
    assert [y for y in range(2021, 2028) if owes(body, y)] == [2023, 2024, 2025]


def test_a_late_report_shows_its_next_step(client, doj_admin):
    body = BodyFactory(name="Slow Board", certified_on=timezone.localdate() - timedelta(days=800))
    certifier = CertifierFactory(credentialing_body=body)
    client.force_login(certifier)
    page = client.get(reverse("annual_reports")).content.decode()
    assert "Late" in page and "Review the report and submit it now." in page
    assert "January 31, 2021" not in page
    client.force_login(doj_admin)
    overview = client.get(reverse("annual_report_overview"), {"standing": "late"}).content.decode()
    assert "Slow Board" in overview and "Ask the body&#x27;s certifiers to submit it." in overview


def test_overview_filters_downloads_and_costs_fixed_queries(client, doj_admin, django_assert_max_num_queries):
    BodyFactory(name="Old Board", certified_on=date(2022, 1, 10))
    BodyFactory(name="New Board", certified_on=timezone.localdate())
    BodyFactory(name="Pending Board", pending=True)
    client.force_login(doj_admin)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("annual_report_overview"), {"standing": "late"})
    text = page.content.decode()
    assert page.status_code == 200 and "Old Board" in text and "New Board" not in text
    assert "Pending Board" not in text
    for _ in range(5):
        BodyFactory(certified_on=date(2022, 1, 10))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("annual_report_overview"), {"standing": "late"}).status_code == 200
    download = client.get(
        reverse("annual_report_overview_download", args=["csv"]), {"standing": "not_yet_due"}
    )
    lines = b"".join(download.streaming_content).decode().splitlines()
    assert lines[0] == "Report due,Credentialing body,Body id,Status,Submitted at,Submitted by,Next step"
    assert any("New Board" in line and "Not yet due" in line for line in lines[1:])
    assert client.get(reverse("annual_report_overview"), {"standing": "soon"}).status_code == 400
    assert client.get(reverse("annual_report_overview"), {"year": "1999"}).status_code == 400
