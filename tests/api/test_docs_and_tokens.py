"""The schema and its readers: authenticated, served from local files, and within the CSP; API tokens."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import CommandError, call_command
from knox.models import AuthToken
from rest_framework.test import APIClient

from .conftest import token_client

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


@pytest.fixture
def browser_session(client, staff):
    client.force_login(staff)
    return client


def _local(url: str) -> str:
    assert url.startswith("/") and not url.startswith("//"), f"{url} is not on this site"
    return url


@pytest.mark.parametrize("docs_path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_docs_pages_load_only_local_files(browser_session, docs_path):
    response = browser_session.get(docs_path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html
    for url in ASSET.findall(html):
        path = _local(url).split("?")[0]
        if path.startswith("/static/"):
            assert finders.find(path.removeprefix("/static/")), f"{path} is not a local static file"
    # No inline script: every <script> has a src.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


def test_swagger_start_up_script_is_a_separate_file_without_the_remote_validator(browser_session):
    html = browser_session.get("/api/v1/docs/").content.decode()
    script_url = next(url for url in ASSET.findall(html) if "script" in url).replace("&amp;", "&")
    script = browser_session.get(script_url)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "validatorUrl: null" in script.content.decode()
    assert "/api/v1/schema/" in script.content.decode()


def test_csp_is_loosened_only_for_redoc(browser_session):
    swagger = browser_session.get("/api/v1/docs/")["Content-Security-Policy"]
    redoc = browser_session.get("/api/v1/redoc/")["Content-Security-Policy"]
    me = browser_session.get("/api/v1/me/")["Content-Security-Policy"]
    assert "unsafe-inline" not in swagger and "unsafe-inline" not in me
    assert (
        "script-src 'self'" in redoc and "'unsafe-inline'" not in redoc.split("script-src")[1].split(";")[0]
    )
    assert "style-src 'self' 'unsafe-inline'" in redoc
    assert "worker-src 'self' blob:" in redoc


def test_schema_needs_authentication(browser_session):
    assert APIClient().get("/api/v1/schema/").status_code == 401
    schema = browser_session.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")


def test_me_with_a_session_and_with_a_token(browser_session, staff, certifier):
    assert browser_session.get("/api/v1/me/").json() == {
        "username": "staff",
        "role": "agency_staff",
        "organisation": staff.agency.name,
        "agency": staff.agency_id,
        "credentialing_body": None,
    }
    me = token_client(certifier).get("/api/v1/me/").json()
    assert me["role"] == "certifier"
    assert me["organisation"] == certifier.credentialing_body.name


def test_session_writes_need_the_csrf_token(staff, draft):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(staff)
    response = client.post(f"/api/v1/applications/{draft.pk}/submit/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_issue_and_revoke_a_token(staff, capsys):
    call_command("issue_token", "staff")
    key = capsys.readouterr().out.strip()
    stored = AuthToken.objects.get(user=staff)
    assert stored.token_key == key[: len(stored.token_key)] and key not in stored.digest, "kept hashed"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 200

    call_command("issue_token", "staff")
    second = capsys.readouterr()
    assert second.out.strip() != key and "1 other valid token" in second.err
    call_command("issue_token", "staff", "--rotate")
    rotated = capsys.readouterr().out.strip()
    assert rotated != key
    assert client.get("/api/v1/me/").status_code == 401
    assert AuthToken.objects.filter(user=staff).count() == 1

    call_command("issue_token", "staff", "--revoke")
    assert not AuthToken.objects.filter(user=staff).exists()
    with pytest.raises(CommandError, match="no token"):
        call_command("issue_token", "staff", "--revoke")
    with pytest.raises(CommandError, match="No user"):
        call_command("issue_token", "nobody")


def test_an_inactive_user_gets_no_token(staff):
    staff.is_active = False
    staff.save()
    with pytest.raises(CommandError, match="not active"):
        call_command("issue_token", "staff")


def test_the_admin_lists_tokens_by_prefix_only_and_changes_nothing(client, doj_admin, staff):
    token, key = AuthToken.objects.create(user=staff)
    client.force_login(doj_admin)
    listing = client.get("/admin/knox/authtoken/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert token.token_key in page and key not in page and token.digest not in page
    assert client.get("/admin/knox/authtoken/add/").status_code == 403
    deleted = client.post(f"/admin/knox/authtoken/{token.digest}/delete/", {"post": "yes"})
    assert deleted.status_code == 403
    assert AuthToken.objects.filter(user=staff).exists()


def test_other_roles_cannot_reach_the_token_admin(client, grant_officer):
    grant_officer.is_staff = True
    grant_officer.save()
    client.force_login(grant_officer)
    response = client.get("/admin/knox/authtoken/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("docs_path", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_signed_out_visitors_of_the_docs_get_the_sign_in_page(client, docs_path):
    response = client.get(docs_path)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={docs_path}"
