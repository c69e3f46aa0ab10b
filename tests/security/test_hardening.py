"""Login throttling, admin access, headers, sessions, passwords and the production settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import AgencyStaffFactory, CertifierFactory, GrantOfficerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-1"


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(client, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 3
    user = AgencyStaffFactory()
    for _ in range(2):
        assert login(client, user.username, "wrong password").status_code == 200  # the form again
    locked = login(client, user.username, "wrong password")
    assert locked.status_code == 429
    assert login(client, user.username, PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_correct_password_signs_in_before_the_limit(client):
    user = AgencyStaffFactory()
    login(client, user.username, "wrong password")
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.parametrize(
    "make_user",
    [AgencyStaffFactory, CertifierFactory, GrantOfficerFactory, lambda: GrantOfficerFactory(is_staff=True)],
)
def test_the_admin_is_for_doj_administrators_only(client, make_user):
    client.force_login(make_user())
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_doj_administrator_can_inspect_but_not_edit_the_audit_log(
    client, doj_admin, draft, staff, commit_hooks
):
    from credentialing import services

    with commit_hooks():
        services.submit_application(application=draft, actor=staff)
    client.force_login(doj_admin)
    for url in [
        "/admin/",
        "/admin/credentialing/credentialapplication/",
        f"/admin/credentialing/credentialapplication/{draft.pk}/change/",
        "/admin/credentialing/transitionlog/",
        "/admin/grants/eligibilitychange/",
        "/admin/agencies/agency/",
    ]:
        assert client.get(url).status_code == 200, url
    log_id = draft.transitions.first().pk
    assert (
        client.post(f"/admin/credentialing/transitionlog/{log_id}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert client.get("/admin/credentialing/transitionlog/add/").status_code == 403
    assert draft.transitions.filter(pk=log_id).exists()


def test_pages_carry_a_strict_content_security_policy_and_safe_headers(client, staff):
    client.force_login(staff)
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


@pytest.mark.parametrize("password", ["short", "password123456", "12345678901234", "staffmember1"])
def test_weak_passwords_are_refused(password):
    user = AgencyStaffFactory.build(username="staffmember1")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "tracker.example.gov",
}


def test_check_deploy_passes_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
