"""Annual reports in the API: the same rows, filters and files as the web pages, per role."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.exports import STANDING_COLUMNS
from reporting.models import AnnualReport
from reporting.schedule import current_report_year
from tests.factories import AgencyStaffFactory, BodyFactory, CertifierFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/annual-reports/"


@pytest.fixture
def bodies(body):
    """The certifier's body (certified in 2022) with its 2024 report sent on time; a late body; a body
    certified today; a pending one."""
    type(body).objects.filter(pk=body.pk).update(certified_on=date(2022, 6, 1))
    body.refresh_from_db()
    late = BodyFactory(name="Late Board", certified_on=date(2023, 3, 1))
    new = BodyFactory(name="New Board", certified_on=timezone.localdate())
    BodyFactory(name="Pending Board", pending=True)
    return body, late, new


def rows(response):
    assert response.status_code == 200, response.content
    return [(r["body_name"], r["year"], r["standing"]) for r in response.json()["results"]]


def test_certifier_sees_only_their_body_from_its_certification(bodies, certifier):
    body, _late, _new = bodies
    AnnualReport.objects.create(
        body=body,
        year=2024,
        as_of=date(2024, 1, 31),
        submitted_by=certifier,
        submitted_at=timezone.make_aware(timezone.datetime(2024, 1, 20, 10)),
    )
    found = rows(token_client(certifier).get(LIST))
    assert {name for name, *_ in found} == {body.name}
    years = [year for _name, year, _s in found]
    assert years == list(range(current_report_year(), 2022, -1))  # newest first, none before 2023
    assert (body.name, 2024, "submitted") in found and (body.name, 2025, "late") in found
    late = token_client(certifier).get(LIST, {"standing": "late"}).json()["results"]
    assert late and all(r["next_step"] == "Review the report and submit it now." for r in late)


def test_doj_reads_every_body_with_filters(bodies, doj_admin, django_assert_max_num_queries):
    body, late, new = bodies
    client = token_client(doj_admin)
    with django_assert_max_num_queries(6):
        found = rows(client.get(LIST, {"year": 2025, "standing": "late"}))
    assert {name for name, *_ in found} == {body.name, late.name}
    assert rows(client.get(LIST, {"standing": "not_yet_due"})) == sorted(
        [(b.name, current_report_year(), "not_yet_due") for b in (body, late, new)], key=lambda r: r[0]
    )
    assert all(name != "New Board" for name, *_ in rows(client.get(LIST, {"standing": "late"})))
    for _ in range(4):
        BodyFactory(certified_on=date(2022, 1, 1))
    with django_assert_max_num_queries(6):
        assert len(rows(client.get(LIST))) > 20
    refused = client.get(LIST, {"standing": "overdue"})
    assert refused.status_code == 400 and refused.json()["field"] == "standing"
    assert client.get(LIST, {"year": "2019"}).status_code == 400


def test_the_api_file_is_the_web_pages_file(bodies, doj_admin, client):
    api = token_client(doj_admin).get("/api/v1/annual-reports.csv", {"standing": "late"})
    client.force_login(doj_admin)
    page = client.get(reverse("annual_report_overview_download", args=["csv"]), {"standing": "late"})
    api_lines = b"".join(api.streaming_content).decode().splitlines()
    assert api_lines == b"".join(page.streaming_content).decode().splitlines()
    assert api_lines[0].split(",") == [c.header for c in STANDING_COLUMNS]
    assert len(api_lines) > 2
    xlsx = token_client(doj_admin).get("/api/v1/annual-reports.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def test_certifier_submits_once_and_never_before_the_certification(bodies, certifier, doj_admin):
    _body, _late, new = bodies
    client = token_client(certifier)
    sent = client.post(LIST, {"year": 2025, "note": "Our list."}, format="json")
    assert sent.status_code == 201, sent.content
    assert sent.json()["standing"] == "submitted_late" and sent.json()["is_preview"] is False
    assert sent.json()["entries"] == [] and sent.json()["note"] == "Our list."
    again = client.post(LIST, {"year": 2025}, format="json")
    assert again.status_code == 409 and "already been submitted" in again.json()["detail"]
    early = client.post(LIST, {"year": 2022}, format="json")
    assert early.status_code == 400 and "certified it on June 1, 2022" in early.json()["detail"]
    newcomer = token_client(CertifierFactory(credentialing_body=new))
    refused = newcomer.post(LIST, {"year": 2026}, format="json")
    assert refused.status_code == 400 and "first report is due January 31, 2027" in refused.json()["detail"]
    assert token_client(doj_admin).post(LIST, {"year": 2025}, format="json").status_code == 403
    assert client.post(LIST, {"year": "soon"}, format="json").status_code == 400


def test_detail_per_role(bodies, certifier, doj_admin, agency):
    body, late, _new = bodies
    own = token_client(certifier).get(f"{LIST}{body.pk}/2025/")
    assert own.status_code == 200 and own.json()["is_preview"] is True and own.json()["entries"] == []
    assert token_client(certifier).get(f"{LIST}{late.pk}/2025/").status_code == 404
    doj = token_client(doj_admin).get(f"{LIST}{late.pk}/2025/")
    assert doj.status_code == 200 and doj.json()["entries"] is None and doj.json()["standing"] == "late"
    before = token_client(doj_admin).get(f"{LIST}{late.pk}/2022/")
    assert before.status_code == 404 and "first report is due January 31, 2024" in before.json()["detail"]
    assert token_client(doj_admin).get(f"{LIST}{late.pk}/99999/").status_code == 404
    assert token_client(AgencyStaffFactory(agency=agency)).get(f"{LIST}{body.pk}/2025/").status_code == 403
    assert token_client(doj_admin).get(f"{LIST}{late.pk}/2025.csv").status_code == 404


def test_grant_officers_and_agency_staff_are_refused(bodies, grant_officer, agency):
    for user in (grant_officer, AgencyStaffFactory(agency=agency)):
        response = token_client(user).get(LIST)
        assert response.status_code == 403 and "certifiers" in response.json()["detail"]
