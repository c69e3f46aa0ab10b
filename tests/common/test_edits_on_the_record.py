"""Every door that changes an application or a person leaves one audit row (who, when, before, after):
a draft edited through the API or the guided form (and shown in its timeline), one's own password changed
in Django's admin, and a password set by the operator's ``changepassword``."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from knox.models import AuthToken

from common.models import AuditEntry
from credentialing.models import TransitionLog
from credentialing.states import ApplicationStatus
from tests.api.conftest import token_client
from tests.factories import ApplicationFactory, BodyFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long and fresh passphrase 42"


@pytest.fixture
def draft(agency, body, staff):
    return ApplicationFactory(
        agency=agency,
        body=body,
        created_by=staff,
        status=ApplicationStatus.DRAFT,
        attests_legal_compliance=False,
        attests_chokehold_prohibition=False,
    )


def test_api_edit_of_a_draft_is_audited_and_in_the_timeline(draft, staff):
    api = token_client(staff)
    url = reverse("v1:application-detail", args=[draft.pk])
    response = api.patch(url, {"attests_legal_compliance": True, "notes": "See page 3."}, format="json")
    assert response.status_code == 200, response.content
    [entry] = AuditEntry.objects.filter(action="application.edited")
    assert (entry.actor, entry.object_id, entry.object_type) == (
        staff,
        str(draft.pk),
        "credentialing.credentialapplication",
    )
    assert entry.before == {"attests_legal_compliance": False, "notes": ""}
    assert entry.after == {"attests_legal_compliance": True, "notes": "See page 3."}
    assert entry.at is not None

    timeline = api.get(reverse("v1:timeline", args=[draft.pk])).json()
    rows = timeline["results"] if isinstance(timeline, dict) else timeline
    edit = [r for r in rows if r["action"] == "edit"]
    assert len(edit) == 1 and edit[0]["actor"] == staff.username
    assert edit[0]["from_status"] == edit[0]["to_status"] == "draft"
    assert "attestation that use-of-force policies adhere to all applicable laws given" in edit[0]["note"]
    assert "notes changed" in edit[0]["note"]

    # The same values again change nothing, and write nothing.
    again = api.patch(url, {"attests_legal_compliance": True}, format="json")
    assert again.status_code == 200
    assert AuditEntry.objects.filter(action="application.edited").count() == 1
    assert TransitionLog.objects.filter(application=draft, action="edit").count() == 1


def test_changing_the_body_of_a_draft_names_both_bodies(draft, staff):
    other = BodyFactory(name="Second Board")
    api = token_client(staff)
    response = api.patch(reverse("v1:application-detail", args=[draft.pk]), {"body": other.pk}, format="json")
    assert response.status_code == 200, response.content
    [entry] = AuditEntry.objects.filter(action="application.edited")
    assert entry.before == {"body": draft.body_id} and entry.after == {"body": other.pk}
    log = TransitionLog.objects.get(application=draft, action="edit")
    assert log.note == "Edited: credentialing body changed to Second Board."


def test_web_attestations_edit_is_audited_and_shown_on_the_page(client, draft, staff):
    client.force_login(staff)
    response = client.post(
        reverse("application_attestations", args=[draft.pk]),
        {"attests_legal_compliance": "on", "attests_chokehold_prohibition": "on"},
    )
    assert response.status_code == 302, response.content[:500]
    [entry] = AuditEntry.objects.filter(action="application.edited")
    assert entry.actor == staff
    assert entry.before == {"attests_legal_compliance": False, "attests_chokehold_prohibition": False}
    assert entry.after == {"attests_legal_compliance": True, "attests_chokehold_prohibition": True}
    page = client.get(reverse("application_detail", args=[draft.pk])).content.decode()
    assert "attestation that chokeholds are prohibited given" in page


def test_admin_password_change_is_the_same_audited_change(client, doj_admin):
    AuthToken.objects.create(user=doj_admin)
    doj_admin.set_password("the old passphrase 1")
    doj_admin.save()
    client.force_login(doj_admin)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": "the old passphrase 1",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert response["Location"] == reverse("admin:password_change_done")
    [entry] = AuditEntry.objects.filter(action="user.password_changed")
    assert (entry.actor, entry.object_id) == (doj_admin, str(doj_admin.pk))
    doj_admin.refresh_from_db()
    assert doj_admin.check_password(NEW_PASSWORD)
    assert not AuthToken.objects.filter(user=doj_admin).exists()
    # The page keeps the administrator signed in, as the product's own page does.
    assert client.get("/admin/").status_code == 200


def test_admin_password_change_with_a_wrong_old_password_changes_nothing(client, doj_admin):
    client.force_login(doj_admin)
    response = client.post(
        "/admin/password_change/",
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action="user.password_changed").exists()


def test_operator_changepassword_is_on_the_record(certifier):
    with mock.patch("getpass.getpass", return_value=NEW_PASSWORD):
        call_command(
            "changepassword", certifier.username, "--reason", "locked out, ticket 812", stdout=StringIO()
        )
    certifier.refresh_from_db()
    assert certifier.check_password(NEW_PASSWORD)
    [entry] = AuditEntry.objects.filter(action="user.password_changed")
    assert entry.actor is None and entry.object_id == str(certifier.pk)
    assert entry.reason == "locked out, ticket 812"
