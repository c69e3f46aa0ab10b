"""Lists: fixed query counts whatever the page size, grant officer filters, CSV, as-of and formula rules."""

import csv
import io
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agencies.models import Agency, AgencyType
from credentialing.models import CredentialApplication
from credentialing.states import ApplicationStatus
from grants.models import EligibilityChange, GrantApplicant
from grants.services import recompute_all_eligibility
from tests.factories import ApplicationFactory, BodyFactory, GrantApplicantFactory, ProgramFactory

from .conftest import token_client

ROWS = 560


@pytest.fixture
def crowd(body, staff, grant_officer):
    """ROWS agencies, each with an application and a grant application, flags computed set-wise."""
    other_body = BodyFactory(name="Other Board")
    agencies = Agency.objects.bulk_create(
        Agency(
            name=f"Agency {n:04d}",
            ori=f"{'TX' if n % 2 else 'CA'}{n:05d}99",
            ein=f"74{n:07d}",
            agency_type=AgencyType.SHERIFF if n % 3 else AgencyType.LOCAL_POLICE,
            state="TX" if n % 2 else "CA",
            head_name="Head",
        )
        for n in range(ROWS)
    )
    # bulk_create on SQLite does not return ids for every backend version: reload them.
    agencies = list(Agency.objects.filter(name__startswith="Agency ").order_by("name"))
    now = timezone.now()
    statuses = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW, ApplicationStatus.DRAFT]
    CredentialApplication.objects.bulk_create(
        CredentialApplication(
            agency=agency,
            body=body if n % 4 else other_body,
            created_by=staff,
            status=statuses[n % 3],
            submitted_at=None if statuses[n % 3] == ApplicationStatus.DRAFT else now,
            status_changed_at=now,
        )
        for n, agency in enumerate(agencies)
    )
    program = ProgramFactory()
    GrantApplicant.objects.bulk_create(
        GrantApplicant(program=program, agency=agency, agency_name=agency.name, amount_requested=1000 + n)
        for n, agency in enumerate(agencies)
    )
    recompute_all_eligibility()
    return program


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), response.json()


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("officer", "/api/v1/programs/{program}/applicants/?eligible=true"),
        ("officer", "/api/v1/programs/{program}/applicants/?state=TX&ordering=-amount_requested"),
        ("officer", "/api/v1/programs/{program}/applicants/?as_of=2025-01-01"),
        ("officer", "/api/v1/applications/?status=submitted&status=under_review"),
        ("officer", "/api/v1/agencies/?state=TX"),
        ("officer", "/api/v1/eligibility/?eligible=false"),
        ("officer", "/api/v1/eligibility/?program={program}&as_of=2025-01-01"),
        ("certifier", "/api/v1/applications/"),
        ("certifier", "/api/v1/agencies/"),
        ("staff", "/api/v1/bodies/"),
    ],
)
def test_list_cost_does_not_grow_with_page_size(
    crowd, staff, certifier, grant_officer, django_assert_max_num_queries, role, path
):
    client = token_client({"officer": grant_officer, "certifier": certifier, "staff": staff}[role])
    url = path.format(program=crowd.pk)
    joiner = "&" if "?" in url else "?"
    small, page = _count(client, f"{url}{joiner}page_size=50")
    with django_assert_max_num_queries(small):
        response = client.get(f"{url}{joiner}page_size=500")
    rows = response.json()
    assert len(rows["results"]) == min(500, rows["count"])
    if rows["count"] > 50:
        assert len(page["results"]) == 50
    print(f"{path}: {small} queries for 50 rows, at most {small} for {len(rows['results'])}")


def test_page_size_is_capped_at_500(crowd, grant_officer):
    rows = token_client(grant_officer).get(f"/api/v1/programs/{crowd.pk}/applicants/?page_size=100000").json()
    assert rows["count"] == ROWS
    assert len(rows["results"]) == 500


def test_applicant_filters(crowd, grant_officer, body):
    client = token_client(grant_officer)
    base = f"/api/v1/programs/{crowd.pk}/applicants/?page_size=500"
    eligible = client.get(f"{base}&eligible=true").json()
    # Drafts do not count; submitted and under review do.
    assert eligible["count"] == len([n for n in range(ROWS) if n % 3 != 2])
    assert all(row["eligible"] and row["eligibility"] == "eligible" for row in eligible["results"])
    assert all(row["basis"] == "in_process" for row in eligible["results"])
    tx_sheriffs = client.get(f"{base}&state=TX&agency_type=sheriff").json()
    assert tx_sheriffs["count"] == len([n for n in range(ROWS) if n % 2 and n % 3])
    by_body = client.get(f"{base}&eligible=true&credentialing_body={body.pk}").json()
    assert by_body["count"] == len([n for n in range(ROWS) if n % 3 != 2 and n % 4])
    assert {row["body_id"] for row in by_body["results"]} == {body.pk}
    bad = client.get(f"{base}&state=ZZ")
    assert bad.status_code == 400 and bad.json()["field"] == "state"


def test_csv_has_the_same_rows_as_json_with_the_same_filters(crowd, grant_officer):
    client = token_client(grant_officer)
    query = "eligible=true&state=CA&ordering=-amount_requested"
    rows = client.get(f"/api/v1/programs/{crowd.pk}/applicants/?{query}&page_size=500").json()["results"]
    response = client.get(f"/api/v1/programs/{crowd.pk}/applicants.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    table = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [line["ORI"] for line in table] == [row["ori"] for row in rows]
    assert [line["Amount requested"] for line in table] == [row["amount_requested"] for row in rows]
    assert {line["Eligible now"] for line in table} == {"eligible"}


def test_formula_program_shows_eligibility_as_not_required(agency, grant_officer):
    program = ProgramFactory(formula=True)
    GrantApplicantFactory(program=program, agency=agency)
    client = token_client(grant_officer)
    row = client.get(f"/api/v1/programs/{program.pk}/applicants/").json()["results"][0]
    assert row["eligibility_required"] is False
    assert row["eligibility"] == "not required"
    table = b"".join(client.get(f"/api/v1/programs/{program.pk}/applicants.csv").streaming_content).decode()
    assert "not required" in table


def _at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(f"{day}T12:00:00"))


def test_as_of_reads_the_history(agency, grant_officer, staff):
    program = ProgramFactory()
    GrantApplicantFactory(program=program, agency=agency)
    application = ApplicationFactory(agency=agency, withdrawn=True)
    EligibilityChange.objects.create(
        agency=agency,
        eligible=True,
        basis="in_process",
        reason="application under review",
        application=application,
        changed_at=_at("2026-01-10"),
    )
    EligibilityChange.objects.create(
        agency=agency, eligible=False, basis="none", reason="withdrawn", changed_at=_at("2026-03-01")
    )
    client = token_client(grant_officer)
    url = f"/api/v1/programs/{program.pk}/applicants/?eligible=true"
    assert client.get(f"{url}&as_of=2026-01-09").json()["count"] == 0
    then = client.get(f"{url}&as_of=2026-01-10").json()
    assert then["count"] == 1
    assert then["results"][0]["reason"] == "application under review"
    assert then["results"][0]["body_id"] == application.body_id
    assert client.get(f"{url}&as_of=2026-03-01").json()["count"] == 0

    flag = client.get(f"/api/v1/eligibility/{agency.pk}/?as_of=2026-02-01").json()
    assert flag["eligible"] is True and flag["basis"] == "in_process"
    history = token_client(staff).get(f"/api/v1/eligibility/{agency.pk}/history/").json()
    assert [change["reason"] for change in history] == ["withdrawn", "application under review"]


def test_staff_see_only_their_own_agency_and_eligibility(world):
    client = world.client("staff")
    own = world.objects["agency"][0]
    assert [row["id"] for row in client.get("/api/v1/agencies/").json()["results"]] == [own.pk]
    assert [row["agency"] for row in client.get("/api/v1/eligibility/").json()["results"]] == [own.pk]
    listed = {row["id"] for row in client.get("/api/v1/applications/").json()["results"]}
    assert listed == set(own.applications.values_list("id", flat=True))


def test_certifier_never_lists_drafts_or_other_bodies(world):
    client = world.client("certifier")
    body = world.objects["body"][0]
    rows = client.get("/api/v1/applications/?page_size=500").json()["results"]
    assert rows and all(row["body"] == body.pk and row["status"] != "draft" for row in rows)
