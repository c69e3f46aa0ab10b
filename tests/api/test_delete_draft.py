"""DELETE on an application: a draft goes (the same service as the page); anything submitted stays."""

from datetime import timedelta

import pytest

from common.models import AuditEntry
from credentialing.models import CredentialApplication
from credentialing.states import ApplicationStatus
from tests.factories import ApplicationFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db


def test_delete_a_draft(agency, body, staff):
    draft = ApplicationFactory(agency=agency, body=body, created_by=staff)
    client = token_client(staff)
    response = client.delete(f"/api/v1/applications/{draft.pk}/")
    assert response.status_code == 204
    assert CredentialApplication.objects.get(pk=draft.pk).status == ApplicationStatus.DELETED
    assert AuditEntry.objects.filter(action="application.draft_deleted", object_id=str(draft.pk)).exists()
    assert client.get(f"/api/v1/applications/{draft.pk}/").status_code == 404
    assert client.delete(f"/api/v1/applications/{draft.pk}/").status_code == 404
    listed = client.get("/api/v1/applications/").json()
    assert draft.pk not in [row["id"] for row in listed["results"]]


def test_a_submitted_application_is_not_deleted(agency, body, staff):
    submitted = ApplicationFactory(agency=agency, body=body, created_by=staff, submitted=True)
    response = token_client(staff).delete(f"/api/v1/applications/{submitted.pk}/")
    assert response.status_code == 409
    assert "withdraw" in response.content.decode().lower() or "draft" in response.content.decode().lower()
    assert CredentialApplication.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED


def test_a_certifier_cannot_delete(agency, body, staff, certifier):
    submitted = ApplicationFactory(agency=agency, body=body, created_by=staff, submitted=True)
    response = token_client(certifier).delete(f"/api/v1/applications/{submitted.pk}/")
    assert response.status_code == 403
    assert CredentialApplication.objects.get(pk=submitted.pk).status == ApplicationStatus.SUBMITTED


def test_the_api_gives_the_last_valid_day_beside_the_stored_expiry(agency, body, staff):
    approved = ApplicationFactory(agency=agency, body=body, created_by=staff, approved=True)
    row = token_client(staff).get(f"/api/v1/applications/{approved.pk}/").json()
    assert row["valid_through"] == (approved.expires_on - timedelta(days=1)).isoformat()
    assert row["expires_on"] == approved.expires_on.isoformat()
