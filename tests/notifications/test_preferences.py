"""Turning optional e-mails off: the preferences page, and the signed one-click link (no sign-in)."""

import pytest
from django.test import Client

from common.models import AuditEntry
from credentialing import services
from notifications.kinds import Kind
from notifications.models import Bounce, Delivery, Notification, OptOut
from notifications.signing import unsubscribe_token
from tests.factories import AgencyStaffFactory, ApplicationFactory, CertifierFactory, DocumentFactory

from .helpers import subjects_to

pytestmark = pytest.mark.django_db


def submission_email(smtp_server, commit_hooks, draft, staff, certifier):
    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
    return next(m for m in smtp_server.messages if m["To"] == certifier.email)


def test_optional_email_carries_a_working_one_click_link(smtp_server, commit_hooks, draft, staff, certifier):
    message = submission_email(smtp_server, commit_hooks, draft, staff, certifier)
    header = message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = header.strip("<>").split("://", 1)[1].split("/", 1)[1]
    signed_out = Client()
    page = signed_out.get(f"/{path}")
    assert page.status_code == 200 and b"Turn these e-mails off" in page.content
    assert not OptOut.objects.exists(), "opening the link changes nothing"
    done = signed_out.post(f"/{path}")
    assert done.status_code == 200 and b"E-mails turned off" in done.content
    assert OptOut.objects.filter(user=certifier, kind=Kind.SUBMITTED).exists()
    assert AuditEntry.objects.filter(
        action="notifications.unsubscribed", object_id=str(certifier.pk)
    ).exists()
    # The next submission is listed in the product but not e-mailed to them.
    smtp_server.messages.clear()
    other_staff = AgencyStaffFactory()
    second = ApplicationFactory(agency=other_staff.agency, body=draft.body, created_by=other_staff)
    DocumentFactory(application=second, kind="use_of_force_policy", uploaded_by=other_staff)
    DocumentFactory(application=second, kind="signed_declaration", uploaded_by=other_staff)
    with commit_hooks():
        services.submit_application(application=second, actor=other_staff)
    assert certifier.email not in {m["To"] for m in smtp_server.messages}
    assert other_staff.email in {m["To"] for m in smtp_server.messages}
    listed = Notification.objects.get(recipient=certifier, key__startswith=f"application:{second.pk}:")
    assert listed.delivery == Delivery.OPTED_OUT
    # Still told of the kinds left on.
    services.start_review(application=draft, actor=certifier)
    services.return_application(application=draft, actor=certifier, note="More please.")
    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
    assert f"{draft.agency.name} answered your return: {draft.reference}" in subjects_to(
        smtp_server, certifier.email
    )


def test_tampered_link_is_refused(client, certifier):
    token = unsubscribe_token(certifier.pk, Kind.SUBMITTED)
    other = CertifierFactory()
    forged = unsubscribe_token(other.pk, Kind.SUBMITTED).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        for method in ("get", "post"):
            response = getattr(Client(), method)(f"/notifications/unsubscribe/{bad}/")
            assert response.status_code == 400
            assert b"This link does not work" in response.content
    assert not OptOut.objects.exists()


def test_required_kinds_cannot_be_turned_off(client, staff):
    token = unsubscribe_token(staff.pk, Kind.RETURNED)
    response = Client().post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "cannot be turned off" in response.content.decode()
    client.force_login(staff)
    response = client.post("/notifications/email/", {"returned": "", "approved": "", "eligibility": "on"})
    assert response.status_code == 302
    assert set(OptOut.objects.filter(user=staff).values_list("kind", flat=True)) == {
        Kind.APPROVED,
        Kind.BODY_CERTIFICATION,
    }
    page = client.get("/notifications/email/").content.decode()
    assert "Always sent: it cannot be turned off." in page
    from common.errors import RuleViolation
    from notifications.services import set_email_preferences

    with pytest.raises(RuleViolation):
        set_email_preferences(user=staff, wanted={Kind.DENIED: False})


def test_bouncing_address_is_marked_and_shown(
    client, smtp_server, commit_hooks, draft, staff, certifier, doj_admin
):
    smtp_server.refused.add(certifier.email)
    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
    mine = Notification.objects.get(recipient=certifier)
    assert mine.delivery == Delivery.BOUNCED
    bounce = Bounce.objects.get(user=certifier)
    assert bounce.code == 550
    assert certifier.email not in {m["To"] for m in smtp_server.messages}
    assert staff.email in {m["To"] for m in smtp_server.messages}, "others still receive theirs"
    client.force_login(doj_admin)
    person_page = client.get(f"/people/{certifier.pk}/").content.decode()
    assert "Address refused" in person_page and "550" in person_page
    undelivered = client.get("/notifications/undelivered/").content.decode()
    assert "New application to review" in undelivered
