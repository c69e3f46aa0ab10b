"""The Sec. 3 pages: a hiring check through the form, records and reports forms, the public figures."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from records.models import HiringCheck, QuarterlyReport, UseOfForceRecord
from records.quarters import Quarter, last_complete
from tests.factories import AgencyFactory, RecordFactory

pytestmark = pytest.mark.django_db

BORN = date(1984, 9, 12)


def test_a_check_through_the_page_shows_kind_year_and_agency_and_is_logged(client, staff):
    other = AgencyFactory(name="Lakeside Police Department")
    RecordFactory(
        agency=other, officer_name="Jordan Alexander Smith", date_of_birth=BORN, action_date=date(2024, 3, 9)
    )
    client.force_login(staff)
    response = client.post(
        reverse("hiring_check"),
        {"candidate_name": "Jordan Smith", "date_of_birth": "1984-09-12", "purpose": "patrol hire"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Lakeside Police Department" in page and "2024" in page and "Termination" in page
    assert "0 exact matches, 1 possible match" in page
    assert HiringCheck.objects.get().purpose == "patrol hire"


@pytest.mark.parametrize(
    "bad",
    [
        {"candidate_name": "Jordan\x00Smith"},
        {"candidate_name": "J" * (10 * 1024 * 1024 // 4)},
        {"date_of_birth": (timezone.localdate() + timedelta(days=2)).isoformat()},
        {"purpose": ""},
    ],
)
def test_bad_check_input_is_a_form_error_and_logs_nothing(client, staff, bad):
    client.force_login(staff)
    data = {"candidate_name": "Jordan Smith", "date_of_birth": "1984-09-12", "purpose": "hire", **bad}
    response = client.post(reverse("hiring_check"), data)
    assert response.status_code == 400
    if len(data["candidate_name"]) < 1000:  # a huge body is refused before the form reads it
        assert "usa-error-message" in response.content.decode()
    assert not HiringCheck.objects.exists()


def test_adding_a_record_and_refusing_a_future_date_of_birth(client, staff):
    client.force_login(staff)
    data = {
        "officer_name": "Pat Q. Officer",
        "date_of_birth": "1979-01-02",
        "kind": "termination",
        "action_date": "2025-05-06",
        "process_status": "final",
    }
    assert client.post(reverse("sec3_records"), data).status_code == 302
    assert UseOfForceRecord.objects.get().agency == staff.agency
    future = {**data, "date_of_birth": (timezone.localdate() + timedelta(days=1)).isoformat()}
    response = client.post(reverse("sec3_records"), future)
    assert response.status_code == 400 and "in the future" in response.content.decode()
    assert UseOfForceRecord.objects.count() == 1


def test_reports_page_lists_due_quarters_and_refuses_one_not_ended(client, staff):
    client.force_login(staff)
    last = last_complete(timezone.localdate())
    page = client.get(reverse("sec3_reports")).content.decode()
    assert str(last) in page and "Due" in page
    signed = {"zero": "yes", "signed_by_name": "Pat Example", "signed_by_title": "Chief"}
    current = Quarter.of(timezone.localdate())
    response = client.post(reverse("sec3_reports"), {"quarter": current.code, **signed})
    assert response.status_code == 400 and "has not ended yet" in response.content.decode()
    assert client.post(reverse("sec3_reports"), {"quarter": last.code, **signed}).status_code == 302
    assert QuarterlyReport.objects.get().quarter == last.start


def test_public_figures_without_a_publishable_year_say_so_instead_of_an_empty_chart(client):
    RecordFactory(agency=AgencyFactory(), action_date=date(2024, 3, 3))
    text = client.get(reverse("figures")).content.decode()
    assert "No year can be charted yet" in text and "<svg" not in text


def test_public_figures_chart_the_years_that_can_be_published(client):
    agency = AgencyFactory(sworn_officers=30)
    for year, count in ((2023, 12), (2024, 15), (2025, 11)):
        for n in range(count):
            RecordFactory(agency=agency, action_date=date(year, 1 + n % 12, 3), kind="termination")
    text = client.get(reverse("figures")).content.decode()
    assert 'class="chart chart--bars"' in text and "No year can be charted yet" not in text
    assert ">15</text>" in text  # 2024's bar is labelled with its count


def test_public_figures_without_signing_in(client):
    agency = AgencyFactory(sworn_officers=30)
    for n in range(14):
        RecordFactory(agency=agency, action_date=date(2024, 1 + n % 12, 3))
    for _ in range(3):
        RecordFactory(agency=agency, action_date=date(2025, 2, 3), kind="decertification")
    page = client.get(reverse("figures"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "fewer than 10*" in text and "is withheld to protect" in text and ">suppressed<" not in text
    assert 'aria-current="page"' in text  # the public navigation, with this page marked
    rows = list(
        csv.reader(io.StringIO(b"".join(client.get(reverse("figures_csv")).streaming_content).decode()))
    )
    assert rows[0] == ["Table", "Category", "Year", "Count"]
    counts = [r[3] for r in rows[1:]]
    assert "17" in counts  # the grand total, with the small counts around it hidden
    assert all(c == "suppressed" or int(c) >= 10 for c in counts)
    data = json.loads(client.get(reverse("figures_json")).content)
    assert {t["key"] for t in data["tables"]} == {"kind", "state", "size"}


def test_a_grant_officer_creates_a_program_applying_sec3d(client, grant_officer):
    from grants.models import GrantProgram

    client.force_login(grant_officer)
    data = {
        "name": "Community Policing Development",
        "fiscal_year": 2027,
        "kind": "discretionary",
        "application_deadline": "2027-03-31",
        "applies_sec3d": "on",
        "sec3d_reporting_from": "2026-02-01",
    }
    response = client.post(reverse("program_create"), data)
    assert "first day of a quarter" in response.content.decode()
    assert not GrantProgram.objects.exists()
    assert (
        client.post(reverse("program_create"), {**data, "sec3d_reporting_from": "2026-01-01"}).status_code
        == 302
    )
    program = GrantProgram.objects.get()
    assert program.applies_sec3d and program.reporting_start == date(2026, 1, 1)


def test_public_figures_are_computed_once_a_minute(django_assert_num_queries):
    from community.figures import cached_public_table, public_table
    from records.figures import cached_public_figures, public_figures

    agency = AgencyFactory(sworn_officers=30)
    for n in range(12):
        RecordFactory(agency=agency, action_date=date(2024, 1 + n % 12, 3))
    with django_assert_num_queries(2):
        tables, sec4 = cached_public_figures(), cached_public_table()
    with django_assert_num_queries(0):
        assert cached_public_figures() == tables and cached_public_table() == sec4
    assert tables == public_figures() and sec4 == public_table()
