"""The guided application: steps, the checklist of what submitting still needs, the review page, and
deleting a draft (distinct from withdrawing a submitted application)."""

import pytest
from django.urls import reverse

from common.models import AuditEntry
from credentialing.models import CredentialApplication, EvidenceDocument
from credentialing.states import ApplicationStatus
from tests.factories import ApplicationFactory, BodyFactory, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def blank_draft(world):
    return ApplicationFactory(
        agency=world.agency,
        body=BodyFactory(name="Golden State Accreditation"),
        created_by=world.staff,
        attests_legal_compliance=False,
        attests_chokehold_prohibition=False,
    )


def test_review_lists_what_is_missing_and_keeps_submit_off_until_complete(as_user, world, blank_draft):
    client = as_user(world.staff)
    review = reverse("application_review", args=[blank_draft.pk])
    page = client.get(review).content.decode()
    assert "Still needed before you can submit" in page
    assert page.count('tag-warning">Missing') == 4
    assert 'aria-disabled="true"' in page
    assert reverse("application_action", args=[blank_draft.pk, "submit"]) not in page
    assert "Delete draft" in page and "Withdraw" not in page

    for kind in ("use_of_force_policy", "signed_declaration"):
        response = client.post(
            reverse("document_upload", args=[blank_draft.pk]), {"kind": kind, "file": pdf_upload()}
        )
        assert response.url == reverse("application_evidence", args=[blank_draft.pk])
    page = client.get(review).content.decode()
    assert page.count('tag-warning">Missing') == 2 and 'aria-disabled="true"' in page

    client.post(
        reverse("application_attestations", args=[blank_draft.pk]),
        {"attests_legal_compliance": "on", "attests_chokehold_prohibition": "on"},
    )
    page = client.get(review).content.decode()
    assert "Ready to submit" in page and "Missing" not in page
    assert 'aria-disabled="true"' not in page
    assert reverse("application_action", args=[blank_draft.pk, "submit"]) in page


def test_saving_the_details_keeps_the_attestations(as_user, world, blank_draft):
    client = as_user(world.staff)
    client.post(
        reverse("application_attestations", args=[blank_draft.pk]),
        {"attests_legal_compliance": "on", "attests_chokehold_prohibition": "on"},
    )
    client.post(
        reverse("application_edit", args=[blank_draft.pk]), {"body": blank_draft.body_id, "notes": "x"}
    )
    blank_draft.refresh_from_db()
    assert blank_draft.attests_legal_compliance and blank_draft.attests_chokehold_prohibition
    assert blank_draft.notes == "x"


def test_steps_of_a_submitted_application_send_back_to_its_page(as_user, world):
    client = as_user(world.staff)
    for name in ("application_evidence", "application_attestations", "application_review"):
        response = client.get(reverse(name, args=[world.submitted.pk]))
        assert response.url == reverse("application_detail", args=[world.submitted.pk])


def test_delete_a_draft_removes_it_and_its_evidence_on_the_record(as_user, world, blank_draft):
    client = as_user(world.staff)
    client.post(reverse("document_upload", args=[blank_draft.pk]), {"kind": "other", "file": pdf_upload()})
    document = EvidenceDocument.objects.get(application=blank_draft)
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    url = reverse("application_action", args=[blank_draft.pk, "delete_draft"])
    assert b"never submitted" in client.get(url).content
    with_commit = client.post(url, {"note": "Started by mistake"}, follow=True)
    assert with_commit.redirect_chain[-1][0] == reverse("agency_dashboard")
    assert f"{blank_draft.reference} deleted." in with_commit.content.decode()
    blank_draft.refresh_from_db()
    assert blank_draft.status == ApplicationStatus.DELETED
    assert not EvidenceDocument.objects.filter(application=blank_draft).exists()
    entry = AuditEntry.objects.get(action="application.draft_deleted")
    assert entry.reason == "Started by mistake" and entry.before["documents"][0]["kind"] == "other"
    # Gone from the agency's list and its page.
    assert blank_draft.reference not in client.get(reverse("agency_dashboard")).content.decode()
    assert client.get(reverse("application_detail", args=[blank_draft.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_deleted_draft_files_go_once_committed(as_user, world, blank_draft):
    client = as_user(world.staff)
    client.post(reverse("document_upload", args=[blank_draft.pk]), {"kind": "other", "file": pdf_upload()})
    document = EvidenceDocument.objects.get(application=blank_draft)
    storage, name = document.file.storage, document.file.name
    client.post(reverse("application_action", args=[blank_draft.pk, "delete_draft"]), {"note": ""})
    assert not storage.exists(name)


def test_a_submitted_application_is_withdrawn_not_deleted(as_user, world):
    client = as_user(world.staff)
    page = client.get(reverse("application_detail", args=[world.submitted.pk])).content.decode()
    assert "Withdraw" in page and "Delete draft" not in page
    response = client.post(reverse("application_action", args=[world.submitted.pk, "delete_draft"]))
    assert CredentialApplication.objects.get(pk=world.submitted.pk).status == ApplicationStatus.SUBMITTED
    assert response.status_code in (200, 302)


def test_a_new_application_to_the_same_body_after_deleting_the_draft(as_user, world, blank_draft):
    client = as_user(world.staff)
    client.post(reverse("application_action", args=[blank_draft.pk, "delete_draft"]), {"note": ""})
    client.post(reverse("application_create"), {"body": blank_draft.body_id})
    assert CredentialApplication.objects.filter(
        agency=world.agency, body=blank_draft.body, status=ApplicationStatus.DRAFT
    ).exists()
