"""Drafts are the agency's own work: DOJ roles see an application only from its first submission on."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from credentialing.states import ApplicationStatus
from tests.factories import ApplicationFactory, DocumentFactory

pytestmark = pytest.mark.django_db

DOJ_ROLES = ("doj_admin", "grant_officer")


@pytest.fixture
def never_submitted(agency, body, staff):
    """A draft and a draft withdrawn before it was ever submitted, each with a document."""
    draft = ApplicationFactory(agency=agency, body=body, created_by=staff, status=ApplicationStatus.DRAFT)
    withdrawn = ApplicationFactory(
        agency=agency, body=body, created_by=staff, status=ApplicationStatus.WITHDRAWN
    )
    return [(app, DocumentFactory(application=app, uploaded_by=staff)) for app in (draft, withdrawn)]


@pytest.mark.parametrize("role", DOJ_ROLES)
def test_doj_roles_get_404_for_an_unsubmitted_application_on_the_web(request, client, role, never_submitted):
    client.force_login(request.getfixturevalue(role))
    for application, document in never_submitted:
        assert client.get(reverse("application_detail", args=[application.pk])).status_code == 404
        assert client.get(reverse("document_download", args=[document.pk])).status_code == 404


def test_the_agency_page_lists_no_draft_to_doj(client, doj_admin, agency, never_submitted):
    submitted = ApplicationFactory(agency=agency, submitted=True)
    client.force_login(doj_admin)
    response = client.get(reverse("agency_detail", args=[agency.pk]))
    assert response.status_code == 200
    shown = {application.pk for application in response.context["applications"]}
    assert shown == {submitted.pk}


@pytest.mark.parametrize("role", DOJ_ROLES)
def test_doj_roles_get_404_for_an_unsubmitted_application_in_the_api(request, role, never_submitted):
    client = APIClient()
    client.force_authenticate(request.getfixturevalue(role))
    listed = client.get("/api/v1/applications/").json()
    assert listed["count"] == 0
    for application, document in never_submitted:
        base = f"/api/v1/applications/{application.pk}/"
        for path in ("", "documents/", "findings/", "timeline/", f"documents/{document.pk}/download/"):
            assert client.get(base + path).status_code == 404, path


@pytest.mark.parametrize("role", DOJ_ROLES)
def test_doj_roles_still_see_a_submitted_application(request, client, role, agency, body):
    application = ApplicationFactory(agency=agency, body=body, submitted=True)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("application_detail", args=[application.pk])).status_code == 200
    api = APIClient()
    api.force_authenticate(request.getfixturevalue(role))
    assert api.get(f"/api/v1/applications/{application.pk}/timeline/").status_code == 200


def test_the_agency_staff_still_see_their_draft(client, staff, never_submitted):
    client.force_login(staff)
    for application, _ in never_submitted:
        assert client.get(reverse("application_detail", args=[application.pk])).status_code == 200
