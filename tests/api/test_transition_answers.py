"""A transition's answers when the view leaves reading the application to the service: the same 404 for a
missing and an out-of-scope application as a read gives, before any word about the input, and the
application as a fresh read shows it."""

import pytest

from credentialing.states import ApplicationStatus as S
from tests.factories import AgencyStaffFactory, ApplicationFactory, CertifierFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def under_review():
    return ApplicationFactory(under_review=True)


def test_out_of_scope_is_the_read_404(under_review):
    stranger = token_client(CertifierFactory())  # another body's certifier
    read = stranger.get(f"/api/v1/applications/{under_review.pk}/")
    assert read.status_code == 404
    for action, data in (("start_review", {}), ("return", {"note": "Why?"}), ("approve", {})):
        answer = stranger.post(f"/api/v1/applications/{under_review.pk}/{action}/", data, format="json")
        assert answer.status_code == 404, answer.content
        assert answer.json() == read.json()
    under_review.refresh_from_db()
    assert under_review.status == S.UNDER_REVIEW


def test_missing_is_the_same_404(under_review):
    certifier = token_client(CertifierFactory(credentialing_body=under_review.body))
    read = certifier.get("/api/v1/applications/999999999/")
    for pk in ("999999999", "99999999999999999999999", "00"):
        answer = certifier.post(f"/api/v1/applications/{pk}/start_review/", {}, format="json")
        assert (answer.status_code, answer.json()) == (404, read.json()), pk
    assert certifier.post("/api/v1/applications/abc/start_review/", {}, format="json").status_code == 404


def test_out_of_scope_with_bad_input_is_404_not_400(under_review):
    stranger = token_client(CertifierFactory())
    answer = stranger.post(f"/api/v1/applications/{under_review.pk}/return/", {}, format="json")
    assert answer.status_code == 404
    own = token_client(CertifierFactory(credentialing_body=under_review.body))
    answer = own.post(f"/api/v1/applications/{under_review.pk}/return/", {}, format="json")
    assert answer.status_code == 400 and answer.json()["field"] == "note"


def test_agency_staff_of_another_agency_get_404_and_own_staff_403(under_review):
    other = token_client(AgencyStaffFactory())
    assert other.post(f"/api/v1/applications/{under_review.pk}/start_review/", {}).status_code == 404
    own = token_client(AgencyStaffFactory(agency=under_review.agency))
    assert own.post(f"/api/v1/applications/{under_review.pk}/start_review/", {}).status_code == 403


def test_the_answer_is_the_fresh_read(under_review):
    certifier = token_client(CertifierFactory(credentialing_body=under_review.body))
    answer = certifier.post(
        f"/api/v1/applications/{under_review.pk}/return/", {"note": "Which policy?"}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json() == certifier.get(f"/api/v1/applications/{under_review.pk}/").json()
    assert answer.json()["status"] == S.RETURNED and answer.json()["decision_note"] == "Which policy?"
