"""A grant officer's applicants page says in words whether Sec. 3(d) holds, filters on it with the same
FilterSet as the API, and its downloads carry it."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.services.eligibility import recompute_eligibility_of
from records.models import ReportingStatus
from records.quarters import last_complete
from tests.api.conftest import token_client
from tests.factories import AgencyFactory, GrantApplicantFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    program = ProgramFactory(
        name="Community Policing Development", applies_sec3d=True, sec3d_reporting_from=date(2025, 1, 1)
    )
    last = last_complete(timezone.localdate())
    reporting = AgencyFactory(name="Reporting Police Department", state="WA")
    silent = AgencyFactory(name="Silent Sheriff's Office", state="WA")
    ReportingStatus.objects.create(
        agency=reporting, reported_from=date(2025, 1, 1), reported_through=last.start
    )
    GrantApplicantFactory(program=program, agency=reporting)
    GrantApplicantFactory(program=program, agency=silent)
    recompute_eligibility_of(agency_ids=[reporting.pk, silent.pk])  # what a submitted report enqueues
    return program


def test_the_column_says_which_condition_holds_in_words(as_user, grant_officer, program):
    page = as_user(grant_officer).get(reverse("program_applicants", args=[program.pk])).content.decode()
    assert "Sec. 3(d) reporting" in page
    assert "Sec. 3 reports submitted for every quarter, 2025 Q1 to" in page
    assert f"no Sec. 3 report for {last_complete(timezone.localdate())}" in page
    assert 'name="reporting"' in page


def test_a_program_not_applying_sec3d_says_so(as_user, grant_officer):
    program = ProgramFactory(name="COPS Hiring")
    GrantApplicantFactory(program=program)
    page = as_user(grant_officer).get(reverse("program_applicants", args=[program.pk])).content.decode()
    assert "this program does not apply Sec. 3(d)" in page and "Sec. 3(d) reporting</th>" not in page
    assert 'name="reporting"' not in page  # no filter on a condition the program does not apply


def test_the_filter_selects_the_same_rows_on_the_page_and_in_the_api(as_user, grant_officer, program):
    web = as_user(grant_officer)
    api = token_client(grant_officer)
    for value, shown, hidden in (
        ("no", "Silent Sheriff", "Reporting Police"),
        ("yes", "Reporting Police", "Silent Sheriff"),
    ):
        page = web.get(reverse("program_applicants", args=[program.pk]), {"reporting": value})
        text = page.content.decode()
        assert shown in text and hidden not in text.split("<tbody>")[1]
        rows = api.get(f"/api/v1/programs/{program.pk}/applicants/", {"reporting": value}).json()["results"]
        assert len(rows) == 1 and rows[0]["agency_name"].startswith(shown)
    bad = web.get(reverse("program_applicants", args=[program.pk]), {"reporting": "maybe"})
    assert bad.status_code == 400 and "Enter yes or no" in bad.content.decode()


def test_the_download_carries_the_condition_and_its_reason(as_user, grant_officer, program):
    response = as_user(grant_officer).get(
        reverse("program_applicants_csv", args=[program.pk]), {"reporting": "no"}
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 1 and rows[0]["Agency"] == "Silent Sheriff's Office"
    assert rows[0]["Reporting (Sec. 3(d))"] == "fails"
    assert rows[0]["Reporting reason (Sec. 3(d))"].startswith("no Sec. 3 report for ")
