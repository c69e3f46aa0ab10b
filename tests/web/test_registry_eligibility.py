"""The agency registry's eligibility filter: one definition (agencies.filters), the same rows on the page
and in the API; the page names each agency's reason."""

import pytest
from django.urls import reverse

from grants.services import recompute_all_eligibility
from tests.api.conftest import token_client
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(doj_admin):
    body = BodyFactory(name="Lone Star Accreditation")
    eligible = AgencyFactory(name="Eligible Police Department", state="TX", ori="TX0100100")
    ApplicationFactory(agency=eligible, body=body, submitted=True)
    refused = AgencyFactory(name="Denied Sheriff's Office", state="TX", ori="TX0100200")
    ApplicationFactory(agency=refused, body=body, denied=True)
    never = AgencyFactory(name="Uncomputed Marshal", state="TX", ori="TX0100300")
    recompute_all_eligibility()
    never.eligibility.delete()  # a flag not computed yet counts as not eligible
    return eligible, refused, never


def test_the_filter_selects_the_same_agencies_on_the_page_and_in_the_api(as_user, doj_admin, registry):
    eligible, refused, never = registry
    client = as_user(doj_admin)
    api = token_client(doj_admin)
    for value, expected in (("yes", {eligible}), ("no", {refused, never})):
        page = client.get(reverse("agency_list"), {"state": "TX", "eligible": value}).content.decode()
        shown = {a for a in registry if a.name.replace("'", "&#x27;") in page}
        assert shown == expected
        rows = api.get("/api/v1/agencies/", {"state": "TX", "eligible": value}).json()["results"]
        assert {row["id"] for row in rows} == {a.pk for a in expected}


def test_the_page_gives_the_reason_with_the_reference(as_user, doj_admin, registry):
    _, refused, _ = registry
    page = as_user(doj_admin).get(reverse("agency_list"), {"state": "TX"}).content.decode()
    application = refused.applications.get()
    assert f"Application {application.reference} was denied by Lone Star Accreditation" in page
    assert "Not computed" in page and "tag-success" in page


def test_a_value_the_filter_does_not_understand_is_refused(as_user, doj_admin, registry):
    response = as_user(doj_admin).get(reverse("agency_list"), {"eligible": "perhaps"})
    assert response.status_code == 400
    assert "Enter yes or no" in response.content.decode()
    assert token_client(doj_admin).get("/api/v1/agencies/", {"eligible": "perhaps"}).status_code == 400
