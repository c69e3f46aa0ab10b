"""Agency staff pages: dashboard, drafting, evidence, submitting, answering a return, withdrawing."""

import pytest
from django.urls import reverse

from credentialing.models import CredentialApplication, EvidenceDocument, Finding, TransitionLog
from credentialing.states import ApplicationStatus
from grants.models import AgencyEligibility
from tests.factories import PDF_BYTES, ApplicationFactory, BodyFactory, pdf_upload

pytestmark = pytest.mark.django_db


def test_dashboard_shows_eligibility_and_applications(as_user, world):
    AgencyEligibility.objects.create(
        agency=world.agency, eligible=True, basis="in_process", reason="application 7 submitted to X"
    )
    response = as_user(world.staff).get(reverse("agency_dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Eligible" in content and "Application in process" in content
    assert "Application 7 submitted to X." in content  # the reason, as a sentence
    assert "Next step:" in content and "None" not in content
    assert world.draft.reference in content and world.submitted.reference in content
    assert world.other_draft.reference not in content
    assert world.agency.name in content and "Agency staff" in content  # header: role and organisation


def test_create_offers_only_bodies_accepting_the_agency(as_user, world):
    BodyFactory(name="Suspended Board", suspended=True)
    BodyFactory(name="Nevada Only Board", states_served=["NV"])
    content = as_user(world.staff).get(reverse("application_create")).content.decode()
    assert world.other_body.name in content
    assert "Suspended Board" not in content and "Nevada Only Board" not in content


def test_create_a_draft(as_user, world):
    new_body = BodyFactory(name="California POST")
    response = as_user(world.staff).post(
        reverse("application_create"),
        {"body": new_body.pk, "notes": "Hello"},
        follow=True,
    )
    application = CredentialApplication.objects.get(agency=world.agency, body=new_body)
    assert application.status == ApplicationStatus.DRAFT and application.notes == "Hello"
    assert not application.attests_legal_compliance and not application.attests_chokehold_prohibition
    # The guided form goes on to its second step, the evidence.
    assert response.redirect_chain[-1][0] == reverse("application_evidence", args=[application.pk])
    content = response.content.decode()
    assert (
        "Draft APP-" in content and 'Step</span> <span class="usa-step-indicator__current-step">2' in content
    )


def test_second_open_application_with_same_body_is_a_form_error(as_user, world):
    response = as_user(world.staff).post(reverse("application_create"), {"body": world.body.pk})
    assert response.status_code == 200
    assert "already has an open application" in response.content.decode()


def test_upload_attest_and_submit(as_user, world):
    client = as_user(world.staff)
    application = ApplicationFactory(
        agency=world.agency,
        body=BodyFactory(),
        created_by=world.staff,
        attests_legal_compliance=False,
        attests_chokehold_prohibition=False,
    )
    for kind in ("use_of_force_policy", "signed_declaration"):
        response = client.post(
            reverse("document_upload", args=[application.pk]), {"kind": kind, "file": pdf_upload()}
        )
        assert response.status_code == 302
    # Not attested yet: the submit is refused with the service's message.
    response = client.post(reverse("application_action", args=[application.pk, "submit"]), follow=True)
    assert "attestation" in response.content.decode()
    assert CredentialApplication.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    response = client.post(
        reverse("application_attestations", args=[application.pk]),
        {"attests_legal_compliance": "on", "attests_chokehold_prohibition": "on"},
    )
    assert response.url == reverse("application_review", args=[application.pk])
    response = client.post(reverse("application_action", args=[application.pk, "submit"]), follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert "submitted to" in response.content.decode()
    assert EvidenceDocument.objects.filter(application=application).count() == 2


def test_answer_a_return_and_resubmit(as_user, world, certifier):
    returned = ApplicationFactory(
        agency=world.agency,
        body=BodyFactory(),
        returned=True,
        created_by=world.staff,
        decision_note="Please attach the 2024 policy.",
    )
    for kind in ("use_of_force_policy", "signed_declaration"):
        EvidenceDocument.objects.create(
            application=returned,
            kind=kind,
            file=pdf_upload(),
            original_name="a.pdf",
            content_type="application/pdf",
            size_bytes=10,
            sha256="0" * 64,
            uploaded_by=world.staff,
        )
    client = as_user(world.staff)
    page = client.get(reverse("application_detail", args=[returned.pk])).content.decode()
    assert "Please attach the 2024 policy." in page and "Upload a document" in page
    edit = client.get(reverse("application_edit", args=[returned.pk])).content.decode()
    assert 'name="body"' not in edit  # the body is fixed once submitted
    client.post(reverse("application_edit", args=[returned.pk]), {"notes": "Added it."})
    client.post(
        reverse("application_attestations", args=[returned.pk]),
        {"attests_legal_compliance": "on", "attests_chokehold_prohibition": "on"},
    )
    client.post(
        reverse("document_upload", args=[returned.pk]), {"kind": "other", "file": pdf_upload("new.pdf")}
    )
    client.post(reverse("application_action", args=[returned.pk, "submit"]))
    returned.refresh_from_db()
    assert returned.status == ApplicationStatus.SUBMITTED and returned.notes == "Added it."


def test_withdraw_asks_for_confirmation(as_user, world):
    client = as_user(world.staff)
    url = reverse("application_action", args=[world.submitted.pk, "withdraw"])
    page = client.get(url)
    assert page.status_code == 200 and b"Withdraw" in page.content and b"csrfmiddlewaretoken" in page.content
    client.post(url, {"note": ""})
    world.submitted.refresh_from_db()
    assert world.submitted.status == ApplicationStatus.WITHDRAWN


def test_detail_shows_timeline_documents_and_findings_once_decided(as_user, world):
    approved = ApplicationFactory(agency=world.agency, body=world.body, approved=True, created_by=world.staff)
    TransitionLog.objects.create(
        application=approved,
        actor=world.certifier,
        action="approve",
        from_status="under_review",
        to_status="approved",
        note="All good",
    )
    Finding.objects.create(
        application=approved, standard=world.mandatory[0], outcome="met", recorded_by=world.certifier
    )
    content = as_user(world.staff).get(reverse("application_detail", args=[approved.pk])).content.decode()
    assert "All good" in content and "Under review" in content and "Approved" in content
    assert world.mandatory[0].title in content
    draft_page = (
        as_user(world.staff).get(reverse("application_detail", args=[world.draft.pk])).content.decode()
    )
    assert (
        "policy.pdf" in draft_page
        and reverse("document_download", args=[world.draft.documents.first().pk]) in draft_page
    )
    assert "Findings" not in draft_page


def test_download_streams_the_file_as_attachment(as_user, world):
    document = world.draft.documents.first()
    response = as_user(world.staff).get(reverse("document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_editing_a_submitted_application_is_refused_with_a_message(as_user, world):
    response = as_user(world.staff).get(reverse("application_edit", args=[world.submitted.pk]), follow=True)
    assert "only a draft or a returned application can be edited" in response.content.decode()
