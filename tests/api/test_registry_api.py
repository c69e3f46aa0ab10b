"""The registry, catalogue, program-terms, finding-revision and audit endpoints."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.audit import record
from common.models import AuditEntry
from credentialing.models import CredentialingBody, Standard
from credentialing.services import record_finding
from tests.factories import ApplicationFactory, GrantApplicantFactory, ProgramFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db


def test_create_and_edit_a_body(doj_admin):
    client = token_client(doj_admin)
    response = client.post(
        "/api/v1/bodies/",
        {"name": "Ohio Collaborative", "states_served": ["OH"], "discretionary_standards": ["training"]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["certification_status"] == "pending" and created["credential_term_months"] == 36
    assert created["discretionary_standards"] == ["training"]
    response = client.patch(f"/api/v1/bodies/{created['id']}/", {"is_primary": True}, format="json")
    assert response.status_code == 200 and response.json()["is_primary"] is True
    assert response.json()["name"] == "Ohio Collaborative", "fields left out keep their value"
    assert CredentialingBody.objects.get(pk=created["id"]).discretionary_standards.count() == 1
    assert list(AuditEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "body.created",
        "body.updated",
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "states_served": ["XX"]}, "states_served"),
        ({"name": "X", "discretionary_standards": ["chokehold-prohibition"]}, "discretionary_standards"),
        ({"name": "X", "credential_term_months": 500}, "credential_term_months"),
        ({"name": "X", "is_primary": True}, "is_primary"),
    ],
)
def test_bad_body_entries_are_400_with_the_field(doj_admin, data, field):
    response = token_client(doj_admin).post("/api/v1/bodies/", data, format="json")
    assert response.status_code == 400
    assert response.json()["field"].startswith(field)


def test_catalogue_add_reword_retire_restore(doj_admin):
    client = token_client(doj_admin)
    response = client.post(
        "/api/v1/standards/", {"code": "body-worn-cameras", "title": "Cameras"}, format="json"
    )
    assert response.status_code == 201 and response.json()["kind"] == "discretionary"
    response = client.patch(
        "/api/v1/standards/body-worn-cameras/", {"title": "Body-worn cameras"}, format="json"
    )
    assert response.json()["title"] == "Body-worn cameras"
    response = client.post("/api/v1/standards/body-worn-cameras/retire/", {"reason": "merged"}, format="json")
    assert response.status_code == 200 and response.json()["retired_at"]
    response = client.post("/api/v1/standards/body-worn-cameras/restore/", {}, format="json")
    assert response.status_code == 200 and response.json()["retired_at"] is None


def test_retiring_a_minimum_is_refused_with_a_clear_message(doj_admin):
    response = token_client(doj_admin).post("/api/v1/standards/adherence-to-law/retire/", {}, format="json")
    assert response.status_code == 400
    assert "Sec. 2(c)" in response.json()["detail"]
    assert Standard.objects.get(code="adherence-to-law").retired_at is None


def test_program_terms_and_the_applicants_list_reflects_them_at_once(grant_officer, agency):
    program = ProgramFactory()
    GrantApplicantFactory(program=program, agency=agency)
    client = token_client(grant_officer)
    row = client.get(f"/api/v1/programs/{program.pk}/applicants/").json()["results"][0]
    assert row["eligibility_required"] is True
    response = client.patch(f"/api/v1/programs/{program.pk}/", {"kind": "formula"}, format="json")
    assert response.status_code == 200 and response.json()["requires_credentialing"] is False
    row = client.get(f"/api/v1/programs/{program.pk}/applicants/").json()["results"][0]
    assert row["eligibility_required"] is False and row["eligibility"] == "not required"
    response = client.patch(
        f"/api/v1/programs/{program.pk}/", {"application_deadline": "2031-01-01"}, format="json"
    )
    assert response.status_code == 400 and response.json()["field"] == "application_deadline"


def test_finding_revisions_are_listed_oldest_first(agency, body, staff, certifier):
    application = ApplicationFactory(agency=agency, body=body, created_by=staff, under_review=True)
    standard = Standard.objects.get(code="chokehold-prohibition")
    record_finding(application=application, actor=certifier, standard=standard, outcome="not_met", note="a")
    record_finding(application=application, actor=certifier, standard=standard, outcome="met", note="b")
    rows = token_client(certifier).get(f"/api/v1/applications/{application.pk}/findings/revisions/").json()
    assert [(r["standard"], r["number"], r["outcome"], r["note"]) for r in rows] == [
        ("chokehold-prohibition", 1, "not_met", "a"),
        ("chokehold-prohibition", 2, "met", "b"),
    ]
    assert rows[0]["recorded_by"] == "certifier"


def test_audit_list_filters_and_costs_the_same_for_any_page(doj_admin, grant_officer, agency):
    for n in range(30):
        record(actor=grant_officer if n % 2 else doj_admin, action="x.changed", obj=agency, after={"n": n})
    client = token_client(doj_admin)
    page = client.get("/api/v1/audit/", {"actor": "officer"}).json()
    assert page["count"] == 15 and {r["actor"] for r in page["results"]} == {"officer"}
    assert page["results"][0]["changes"] == [{"field": "n", "before": "-", "after": "29"}]
    assert (
        client.get("/api/v1/audit/", {"object_type": "agencies.agency", "action": "x.changed"}).json()[
            "count"
        ]
        == 30
    )
    assert (
        client.get("/api/v1/audit/", {"date_from": "2000-01-01", "date_to": "2000-01-02"}).json()["count"]
        == 0
    )
    assert client.get("/api/v1/audit/", {"date_from": "soon"}).status_code == 400
    counts = []
    for size in (5, 30):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/audit/", {"page_size": size}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
