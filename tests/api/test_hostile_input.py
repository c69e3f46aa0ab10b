"""Input crafted to crash a request (NUL bytes, deep nesting, numbers out of range) is a 400 with a reason."""

import pytest
from rest_framework.test import APIClient

from tests.factories import AgencyFactory, ApplicationFactory, ProgramFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db


def refused(response, words: str) -> dict:
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert words.lower() in body["detail"].lower(), body
    return body


def raw(client: APIClient, method: str, url: str, body: str):
    return getattr(client, method)(url, body, content_type="application/json")


@pytest.mark.parametrize(
    "url",
    ["/api/v1/standards/%00/", "/api/v1/agencies/?q=%00", "/api/v1/applications/?agency__ori=a%00b"],
)
def test_a_nul_byte_in_the_address_is_a_400(staff, url):
    refused(token_client(staff).get(url), "NUL")


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_json_nested_thousands_deep_is_a_400(staff, opening):
    closing = "]" if opening == "[" else "}"
    deep = opening * 5000 + "1" + closing * 5000
    refused(raw(token_client(staff), "post", "/api/v1/applications/", deep), "nests deeper than 64")


def test_json_nested_just_past_the_limit_is_a_400_and_a_shallow_one_is_read(staff):
    client = token_client(staff)
    too_deep = '{"notes": ' + "[" * 64 + "]" * 64 + "}"
    refused(raw(client, "post", "/api/v1/applications/", too_deep), "nests deeper than 64")
    shallow = raw(client, "post", "/api/v1/applications/", '{"body": [[["x"]]]}')
    assert shallow.status_code == 400 and "nests" not in shallow.json()["detail"]


def test_a_huge_number_as_the_body_is_a_400(staff, agency, body):
    client = token_client(staff)
    refused(raw(client, "post", "/api/v1/applications/", '{"body": 1e400}'), "out of range")
    refused(raw(client, "post", "/api/v1/applications/", '{"body": -1e400}'), "out of range")
    draft = ApplicationFactory(agency=agency, body=body, created_by=staff)
    refused(raw(client, "patch", f"/api/v1/applications/{draft.pk}/", '{"body": 1e400}'), "out of range")


def test_a_huge_number_as_the_agency_is_a_400(grant_officer):
    program = ProgramFactory()
    url = f"/api/v1/programs/{program.pk}/applicants/"
    client = token_client(grant_officer)
    refused(raw(client, "post", url, '{"agency": 1e400, "amount_requested": "10"}'), "out of range")
    # A whole number too large for any key is simply no such agency.
    big = '{"agency": ' + "9" * 40 + ', "amount_requested": "10"}'
    refused(raw(client, "post", url, big), "agency")


def test_a_nul_byte_in_a_findings_standard_is_a_400(staff, certifier, agency, body):
    application = ApplicationFactory(agency=agency, body=body, created_by=staff, under_review=True)
    response = token_client(certifier).post(
        f"/api/v1/applications/{application.pk}/findings/",
        {"standard": "adherence-to-law\x00", "outcome": "met"},
        format="json",
    )
    refused(response, "standard")


def test_a_nul_byte_in_a_text_field_is_a_400(doj_admin):
    agency = AgencyFactory(state="WA")
    response = token_client(doj_admin).patch(
        f"/api/v1/agencies/{agency.pk}/", {"city": "New\x00town"}, format="json"
    )
    refused(response, "null characters")
