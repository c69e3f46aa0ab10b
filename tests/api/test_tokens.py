"""API tokens: hashed, shown once, expiring, revoked with the password or the account, owner-managed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from common.models import AuditEntry

pytestmark = pytest.mark.django_db


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_anonymous_callers_are_told_to_bring_a_token():
    response = APIClient().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_lasts_ninety_days_unless_set_and_then_stops_working(staff):
    token, key = AuthToken.objects.create(user=staff)
    assert abs(token.expiry - (timezone.now() + timedelta(days=90))) < timedelta(minutes=1)
    assert bearer(key).get("/api/v1/me/").status_code == 200
    AuthToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - timedelta(seconds=1))
    assert bearer(key).get("/api/v1/me/").status_code == 401


def test_the_lifetime_comes_from_the_environment():
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from knox.settings import knox_settings as k; print(k.TOKEN_TTL.days)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "API_TOKEN_TTL_DAYS": "7", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "7"


def test_a_password_change_revokes_every_token(staff):
    keys = [AuthToken.objects.create(user=staff)[1] for _ in range(2)]
    staff.last_login = timezone.now()
    staff.save(update_fields=["last_login"])
    assert bearer(keys[0]).get("/api/v1/me/").status_code == 200, "signing in changes nothing"
    staff.set_password("a-whole-new-passphrase-42")
    staff.save()
    assert [bearer(key).get("/api/v1/me/").status_code for key in keys] == [401, 401]
    assert not AuthToken.objects.filter(user=staff).exists()
    revoked = AuditEntry.objects.filter(action="token.revoked", reason="password changed")
    assert revoked.count() == 2


def test_deactivating_the_account_revokes_every_token(staff):
    _, key = AuthToken.objects.create(user=staff)
    staff.is_active = False
    staff.save()
    assert not AuthToken.objects.filter(user=staff).exists()
    staff.is_active = True
    staff.save()
    assert bearer(key).get("/api/v1/me/").status_code == 401, "reactivation does not bring it back"


def test_an_owner_issues_lists_and_revokes_their_tokens(staff, certifier):
    _, first = AuthToken.objects.create(user=staff)
    AuthToken.objects.create(user=certifier)
    client = bearer(first)
    browser = APIClient()
    browser.force_login(staff)

    issued = browser.post("/api/v1/tokens/")
    assert issued.status_code == 201
    new_key = issued.json()["token"]
    prefix = issued.json()["prefix"]
    assert new_key.startswith(prefix) and bearer(new_key).get("/api/v1/me/").status_code == 200

    listed = client.get("/api/v1/tokens/").json()
    assert listed["count"] == 2, "the certifier's token is not listed"
    assert {"prefix", "created", "expiry"} == set(listed["results"][0])
    assert new_key not in str(listed)

    assert client.delete(f"/api/v1/tokens/{prefix}/").status_code == 204
    assert bearer(new_key).get("/api/v1/me/").status_code == 401
    assert client.delete(f"/api/v1/tokens/{prefix}/").status_code == 404
    assert AuditEntry.objects.filter(action="token.issued", object_id=prefix).exists()
    assert AuditEntry.objects.filter(action="token.revoked", object_id=prefix).exists()


def test_nobody_revokes_another_persons_token(staff, certifier):
    theirs, their_key = AuthToken.objects.create(user=certifier)
    _, key = AuthToken.objects.create(user=staff)
    assert bearer(key).delete(f"/api/v1/tokens/{theirs.token_key}/").status_code == 404
    assert bearer(their_key).get("/api/v1/me/").status_code == 200


def test_a_signed_in_browser_issues_a_token_with_its_csrf_token(staff):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post("/api/v1/tokens/").status_code == 403, "no CSRF token"
    session = APIClient()
    session.force_login(staff)
    response = session.post("/api/v1/tokens/")
    assert response.status_code == 201 and len(response.json()["token"]) == 64


@pytest.mark.parametrize("header", [b"Token \xff\xfe", b"Token abc", b"Token a b", b"Token"])
def test_a_malformed_token_is_a_401(staff, header):
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=header.decode("latin-1"))
    assert response.status_code == 401


def test_a_token_cannot_issue_another_token(staff):
    _, key = AuthToken.objects.create(user=staff)
    refused = bearer(key).post("/api/v1/tokens/")
    assert refused.status_code == 403
    assert "token cannot issue another" in refused.json()["detail"]
    assert AuthToken.objects.filter(user=staff).count() == 1
    assert not AuditEntry.objects.filter(action="token.issued").exists()
    # The token still lists and revokes its owner's tokens.
    listed = bearer(key).get("/api/v1/tokens/")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    prefix = listed.json()["results"][0]["prefix"]
    assert bearer(key).delete(f"/api/v1/tokens/{prefix}/").status_code == 204


def test_a_token_with_a_session_cookie_beside_it_still_cannot_issue(staff):
    _, key = AuthToken.objects.create(user=staff)
    client = bearer(key)
    client.force_login(staff)  # the token is read first: it is what authenticated the call
    assert client.post("/api/v1/tokens/").status_code == 403
    assert AuthToken.objects.filter(user=staff).count() == 1


def test_a_session_that_owes_the_second_step_cannot_issue(certifier, client):
    client.force_login_password_only(certifier)
    refused = client.post("/api/v1/tokens/")
    assert refused.status_code == 403
    assert not AuthToken.objects.filter(user=certifier).exists()
    client.force_login(certifier)  # now with the second step passed
    issued = client.post("/api/v1/tokens/")
    assert issued.status_code == 201 and len(issued.json()["token"]) == 64
    assert AuditEntry.objects.filter(action="token.issued", actor=certifier).count() == 1


def test_the_operator_command_still_issues_a_token(staff, capsys):
    from django.core.management import call_command

    call_command("issue_token", staff.username)
    key = capsys.readouterr().out.split()[-1]
    assert bearer(key).get("/api/v1/me/").status_code == 200
