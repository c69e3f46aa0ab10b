"""Everyone's own password: change it signed in, reset it through a link mailed by a real SMTP server."""

import pytest
from django.urls import reverse

from accounts.models import User
from common.models import AuditEntry
from tests.mail import link_in, plain_text

from .test_access import assert_strict_page

pytestmark = pytest.mark.django_db
NEW = "Harbor-lighthouse-9071"


def test_sign_in_page_links_to_the_reset_and_signed_in_pages_to_the_change(client, world):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()
    client.force_login(world.staff)
    assert reverse("password_change") in client.get(reverse("agency_dashboard")).content.decode()


def test_changing_ones_password_keeps_the_session_and_is_recorded(client, world):
    client.force_login(world.staff)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert_strict_page(page.content.decode())
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery-1", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    assert client.get(reverse("agency_dashboard")).status_code == 200, "still signed in"
    assert User.objects.get(pk=world.staff.pk).check_password(NEW)
    [entry] = AuditEntry.objects.filter(action="user.password_changed")
    assert entry.actor == world.staff and entry.before == {} and entry.after == {}
    assert NEW not in str(entry.__dict__)


def test_the_configured_validators_apply(client, world):
    client.force_login(world.staff)
    response = client.post(
        reverse("password_change"),
        {"old_password": "correct-horse-battery-1", "new_password1": "short", "new_password2": "short"},
    )
    assert response.status_code == 200 and b"usa-error-message" in response.content
    assert User.objects.get(pk=world.staff.pk).check_password("correct-horse-battery-1")
    assert not AuditEntry.objects.exists()


def test_anonymous_cannot_open_the_change_page(client, world):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_forgotten_password_is_reset_once_through_the_mailed_link(client, world, smtp_server):
    page = client.get(reverse("password_reset"))
    assert page.status_code == 200
    assert_strict_page(page.content.decode())
    sent = client.post(reverse("password_reset"), {"email": world.certifier.email.upper()})
    assert sent.status_code == 302 and sent["Location"] == reverse("password_reset_done")
    [mail] = smtp_server.messages
    assert mail["To"] == world.certifier.email
    assert "no-reply@tracker.example.gov" in mail["From"]
    assert "certifier" in plain_text(mail)
    assert mail.get_body(preferencelist=("html",)) is not None

    link = link_in(mail)
    form = client.get(link, follow=True)
    set_url = form.redirect_chain[-1][0]
    assert b"Choose your password" in form.content
    assert_strict_page(form.content.decode())
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")

    signed_in = client.post(reverse("login"), {"username": "certifier", "password": NEW})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("home")
    client.logout()

    again = client.get(link, follow=True)
    assert b"This link no longer works" in again.content
    refused = client.post(
        set_url, {"new_password1": "Another-choice-5521", "new_password2": "Another-choice-5521"}
    )
    assert b"This link no longer works" in refused.content
    assert User.objects.get(pk=world.certifier.pk).check_password(NEW)
    assert AuditEntry.objects.filter(action="user.password_set", actor=world.certifier).count() == 1


def test_the_reset_form_does_not_say_whether_an_address_exists(client, world, smtp_server):
    known = client.post(reverse("password_reset"), {"email": world.staff.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.gov"})
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m["To"] for m in smtp_server.messages] == [world.staff.email]


def test_a_deactivated_person_gets_no_reset_link(client, world, smtp_server):
    world.staff.is_active = False
    world.staff.save()
    client.post(reverse("password_reset"), {"email": world.staff.email})
    assert smtp_server.messages == []


def test_a_tampered_or_expired_link_is_refused(client, world, settings, smtp_server):
    client.post(reverse("password_reset"), {"email": world.staff.email})
    link = link_in(smtp_server.messages[0])
    tampered = link.rstrip("/")[:-2] + "xx/"
    assert b"This link no longer works" in client.get(tampered, follow=True).content
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert b"This link no longer works" in client.get(link, follow=True).content
