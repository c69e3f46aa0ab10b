"""The Sec. 4 API: the same services and scopes as the pages; bad input is a 400."""

import pytest
from django.utils import timezone

from community.models import SupportProgram
from tests.api.conftest import token_client
from tests.factories import AgencyStaffFactory, CertifierFactory, sec4_program

pytestmark = pytest.mark.django_db

BODY = {
    "model": "other",
    "other_name": "Veterans' outreach",
    "partners": [{"name": "Valley VA Clinic", "kind": "health_department"}],
    "started_on": "2023-09-01",
    "hours_per_week": 40,
    "jurisdiction_share": 55,
    "officers_trained_share": 0,
}


def test_staff_create_change_and_file_through_the_api(staff):
    client = token_client(staff)
    created = client.post("/api/v1/sec4/programs/", BODY, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    changed = client.put(
        f"/api/v1/sec4/programs/{pk}/", {**BODY, "jurisdiction_share": 60, "note": "Grew"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    versions = client.get(f"/api/v1/sec4/programs/{pk}/versions/").json()
    assert [v["number"] for v in versions] == [2, 1] and versions[0]["note"] == "Grew"
    year = timezone.localdate().year - 1
    filed = client.post(
        f"/api/v1/sec4/programs/{pk}/figures/",
        {"year": year, "calls_answered_jointly": 12, "referrals_made": 3},
        format="json",
    )
    assert filed.status_code == 201
    figures = client.get(f"/api/v1/sec4/programs/{pk}/figures/").json()
    assert figures[0]["year"] == year and figures[0]["versions"][0]["referrals_made"] == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"started_on": "2999-01-01"}, "started_on"),
        ({"jurisdiction_share": 101}, "jurisdiction_share"),
        ({"officers_trained_share": 250}, "officers_trained_share"),
        ({"partners": []}, "partners"),
        ({"model": "patrol"}, "model"),
        ({"hours_per_week": "x"}, "hours_per_week"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(staff, change, field):
    response = token_client(staff).post("/api/v1/sec4/programs/", {**BODY, **change}, format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    assert not SupportProgram.objects.exists()


def test_a_year_not_yet_ended_is_a_400(staff):
    program = sec4_program(actor=staff)
    response = token_client(staff).post(
        f"/api/v1/sec4/programs/{program.pk}/figures/",
        {"year": timezone.localdate().year, "calls_answered_jointly": 1, "referrals_made": 1},
        format="json",
    )
    assert response.status_code == 400 and "has not ended yet" in str(response.json())


def test_scopes_per_role(staff, doj_admin, grant_officer):
    own = sec4_program(actor=staff)
    other = sec4_program(actor=AgencyStaffFactory())

    def ids(user):
        return {row["id"] for row in token_client(user).get("/api/v1/sec4/programs/").json()["results"]}

    assert ids(staff) == {own.pk}
    assert ids(doj_admin) == ids(grant_officer) == {own.pk, other.pk}
    assert token_client(staff).get(f"/api/v1/sec4/programs/{other.pk}/").status_code == 404
    assert token_client(CertifierFactory()).get("/api/v1/sec4/programs/").status_code == 404
    assert token_client(grant_officer).post("/api/v1/sec4/programs/", BODY, format="json").status_code == 403
