"""A grant program may weigh Sec. 4 as a priority: shown beside eligibility, filtered and sorted with one
definition for the page and the API, in the downloads and on the dashboard; never changing eligibility."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from common.models import AuditEntry
from grants.models import AgencyEligibility
from grants.services import update_program
from tests.api.conftest import token_client
from tests.factories import AgencyFactory, GrantApplicantFactory, ProgramFactory, sec4_program

pytestmark = pytest.mark.django_db

MET_REASON = (
    "co-responder team with Riverbend Community Mental Health since March 2024; 64% of officers trained"
)


@pytest.fixture
def program():
    program = ProgramFactory(name="Connect and Protect", sec4_priority=True)
    riverbend = AgencyFactory(name="Riverbend Police Department", state="WA")
    lakeside = AgencyFactory(name="Lakeside Police Department", state="WA")
    ended = AgencyFactory(name="Ashford Sheriff's Office", state="OR")
    sec4_program(agency=riverbend)
    sec4_program(
        agency=ended, model="homelessness_outreach", started_on=date(2022, 1, 3), ended_on=date(2025, 6, 30)
    )
    for agency in (riverbend, lakeside, ended):
        GrantApplicantFactory(program=program, agency=agency)
    AgencyEligibility.objects.create(agency=lakeside, eligible=True, basis="exempt", reason="exempt")
    return program


def _url(program, suffix=""):
    return reverse(f"program_applicants{suffix}", args=[program.pk])


def test_each_applicant_shows_met_or_not_with_the_reason(as_user, grant_officer, program):
    page = as_user(grant_officer).get(_url(program)).content.decode()
    assert "Sec. 4 priority" in page and 'id="sec4-rule"' in page
    assert MET_REASON in page
    assert "homelessness outreach with Riverbend Community Mental Health ended on June 30, 2025" in page
    assert "no co-responder or community-support program on record" in page


def test_a_program_that_does_not_weigh_it_shows_no_column(as_user, grant_officer, program):
    plain = ProgramFactory(name="Hiring")
    GrantApplicantFactory(program=plain, agency=program.applicants.first().agency)
    page = as_user(grant_officer).get(_url(plain)).content.decode()
    assert "Sec. 4 priority" not in page


def test_the_filter_and_sort_select_the_same_rows_on_the_page_and_in_the_api(as_user, grant_officer, program):
    client = as_user(grant_officer)
    met = client.get(_url(program), {"sec4": "yes"}).context["page_obj"].object_list
    assert [row["agency__name"] for row in met] == ["Riverbend Police Department"]
    api = token_client(grant_officer)
    rows = api.get(f"/api/v1/programs/{program.pk}/applicants/", {"sec4": "no", "ordering": "name"}).json()
    assert [r["agency_name"] for r in rows["results"]] == [
        "Ashford Sheriff's Office",
        "Lakeside Police Department",
    ]
    assert (
        rows["results"][0]["sec4_met"] is False
        and "ended on June 30, 2025" in rows["results"][0]["sec4_reason"]
    )
    first = api.get(f"/api/v1/programs/{program.pk}/applicants/", {"ordering": "-sec4"}).json()["results"][0]
    assert first["agency_name"] == "Riverbend Police Department" and first["sec4_reason"] == MET_REASON
    page_first = client.get(_url(program), {"ordering": "-sec4"}).context["page_obj"].object_list[0]
    assert page_first["agency__name"] == "Riverbend Police Department"
    assert client.get(_url(program), {"sec4": "maybe"}).status_code == 400
    assert api.get(f"/api/v1/programs/{program.pk}/applicants/", {"sec4": "maybe"}).status_code == 400


def test_it_never_changes_eligibility(as_user, grant_officer, program):
    rows = {
        r["agency__name"]: r
        for r in as_user(grant_officer).get(_url(program)).context["page_obj"].object_list
    }
    assert rows["Riverbend Police Department"]["is_eligible"] is False  # met, still not eligible
    assert rows["Lakeside Police Department"]["is_eligible"] is True  # not met, still eligible


def test_csv_and_xlsx_carry_it(as_user, grant_officer, program):
    client = as_user(grant_officer)
    response = client.get(_url(program, "_csv"))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    by_name = {row["Agency"]: row for row in rows}
    assert by_name["Riverbend Police Department"]["Sec. 4 priority"] == "met"
    assert by_name["Riverbend Police Department"]["Sec. 4 reason"] == MET_REASON
    assert by_name["Lakeside Police Department"]["Sec. 4 priority"] == "not met"
    workbook = load_workbook(io.BytesIO(b"".join(client.get(_url(program, "_xlsx")).streaming_content)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert "Sec. 4 priority" in header and "Sec. 4 reason" in header
    api = token_client(grant_officer).get(f"/api/v1/programs/{program.pk}/applicants.csv", {"sec4": "yes"})
    body = b"".join(api.streaming_content).decode("utf-8-sig")
    assert MET_REASON in body and "Lakeside" not in body


def test_the_dashboard_counts_it_and_links_to_the_rows(as_user, grant_officer, program):
    response = as_user(grant_officer).get(reverse("program_dashboard", args=[program.pk]))
    assert response.context["figures"].sec4_met == 1
    page = response.content.decode()
    assert f"{_url(program)}?sec4=yes" in page


def test_as_of_a_day_before_the_program_was_recorded_it_was_not_met(as_user, grant_officer, program):
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    rows = as_user(grant_officer).get(_url(program), {"as_of": day, "sec4": "yes"}).context["page_obj"]
    assert list(rows.object_list) == []


def test_the_term_is_edited_with_the_others_and_audited(grant_officer, as_user):
    program = ProgramFactory(name="Edited")
    response = as_user(grant_officer).post(
        reverse("program_edit", args=[program.pk]),
        {
            "name": program.name,
            "fiscal_year": program.fiscal_year,
            "kind": program.kind,
            "application_deadline": program.application_deadline.isoformat(),
            "sec4_priority": "on",
        },
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.sec4_priority
    entry = AuditEntry.objects.get(action="program.updated")
    assert entry.before == {"sec4_priority": False} and entry.after == {"sec4_priority": True}
    update_program(
        actor=grant_officer,
        program=program,
        name=program.name,
        fiscal_year=program.fiscal_year,
        kind=program.kind,
        application_deadline=program.application_deadline,
    )
    program.refresh_from_db()
    assert program.sec4_priority  # terms given without it keep it
    patched = token_client(grant_officer).patch(
        f"/api/v1/programs/{program.pk}/", {"sec4_priority": False}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["sec4_priority"] is False


def test_the_page_costs_the_same_queries_with_50_or_500_rows(
    client, grant_officer, django_assert_max_num_queries, program
):
    client.force_login(grant_officer)
    with django_assert_max_num_queries(20) as few:
        client.get(_url(program))
    for n in range(40):
        agency = AgencyFactory(state="CA")
        GrantApplicantFactory(program=program, agency=agency)
        if n % 3 == 0:
            sec4_program(agency=agency)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(_url(program), {"page_size": 500})
    assert len(response.context["rows"]) == 43
