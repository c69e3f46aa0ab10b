"""One JSON line per request with its request id; the id follows a change into its e-mails; no personal
data or secret in any line."""

import io
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from common.logs import JsonFormatter
from tests.factories import CertifierFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-1"
NEW_PASSWORD = "Harbor-lighthouse-9071"
WRONG_PASSWORD = "Wrong-guess-4412-xyz"
GUESSED_NAME = "r.okonkwo-guess"


@pytest.fixture
def log_lines():
    """What the console handler would print in production: every record of every logger, as JSON."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    # The test's own SMTP server (aiosmtpd) logs in this process too; it is not the product.
    handler.addFilter(lambda record: not record.name.startswith("mail.log"))

    lines.text = stream.getvalue  # type: ignore[attr-defined]
    yield lines
    root.removeHandler(handler)


def request_lines(lines):
    return [line for line in lines() if line["logger"] == "tracker.request"]


def test_one_line_per_request_with_view_status_duration_user_id_and_request_id(client, staff, log_lines):
    client.force_login(staff)
    response = client.get("/about/?email=someone@example.gov")
    [line] = request_lines(log_lines)
    assert line["method"] == "GET" and line["view"] == "about" and line["status"] == 200
    assert line["user_id"] == staff.pk
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    assert "someone@example.gov" not in log_lines.text()


def test_the_proxys_request_id_is_kept_only_when_trusted_and_well_formed(client, settings, log_lines):
    given = "lb-7f3a9c1e-42"
    assert client.get("/about/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] != given
    settings.TRUST_REQUEST_ID_HEADER = True
    assert client.get("/about/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    # A header that would write a line break (or anything else) into the log is replaced.
    assert (
        client.get("/about/", HTTP_X_REQUEST_ID="abc\ninjected line")["X-Request-ID"] != "abc\ninjected line"
    )
    assert [line["request_id"] for line in request_lines(log_lines)][1] == given


@pytest.mark.django_db(transaction=True)
def test_a_submission_s_request_id_reaches_its_e_mails_and_their_send_lines(
    client, draft, staff, body, smtp_server, log_lines
):
    """Inline tasks here (a real worker: test_request_id_in_tasks): the commit inside the request runs
    the recompute, whose notification is the staff member's, and the sender."""
    CertifierFactory(credentialing_body=body)
    client.force_login(staff)
    response = client.post(reverse("application_action", args=[draft.pk, "submit"]))
    assert response.status_code == 302
    request_id = response["X-Request-ID"]
    # The certifier told of the submission, the staff member of the new eligibility (the recompute's).
    assert len(smtp_server.messages) == 2
    assert {message["X-Request-ID"] for message in smtp_server.messages} == {request_id}
    sent = [line for line in log_lines() if line["message"] == "notification e-mail sent"]
    assert len(sent) == 2 and {line["request_id"] for line in sent} == {request_id}


def test_no_personal_data_or_secret_in_any_line(
    client, staff, body, draft, smtp_server, commit_hooks, log_lines
):
    staff.first_name, staff.last_name = "Marisol", "Quenby-Árnadóttir"
    staff.save()
    certifier = CertifierFactory(credentialing_body=body, first_name="Theodric", last_name="Vantongeren")
    # Someone guessing at another user name until it is locked (django-axes logs the lock-out), a wrong
    # password, then the right one, through the sign-in form.
    guesser = Client()
    for _ in range(6):
        guesser.post(reverse("login"), {"username": GUESSED_NAME, "password": WRONG_PASSWORD})
    client.post(reverse("login"), {"username": staff.username, "password": WRONG_PASSWORD})
    signed_in = client.post(reverse("login"), {"username": staff.username, "password": PASSWORD})
    assert signed_in.status_code == 302
    changed = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    staff.refresh_from_db()  # the new password's hash, which the session is checked against
    api = APIClient()
    api.force_login(staff)
    issued = api.post("/api/v1/tokens/")
    assert issued.status_code == 201
    token = issued.json()["token"]
    assert APIClient(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/me/").status_code == 200
    with commit_hooks():
        client.post(reverse("application_action", args=[draft.pk, "submit"]))
    assert len(smtp_server.messages) == 2, "the notifications were sent"

    text = log_lines.text()
    assert len(request_lines(log_lines)) >= 6
    secrets = {
        "user name": staff.username,
        "e-mail": staff.email,
        "certifier's e-mail": certifier.email,
        "first name": "Marisol",
        "last name": "Quenby",
        "certifier's name": "Vantongeren",
        "password": PASSWORD,
        "new password": NEW_PASSWORD,
        "wrong password": WRONG_PASSWORD,
        "user name tried": GUESSED_NAME,
        "API token": token,
        "token prefix": token[:8],
        "session": client.cookies["sessionid"].value,
        "address": "127.0.0.1",
    }
    leaked = {what for what, value in secrets.items() if value in text}
    assert not leaked, f"{leaked} in the log lines:\n{text}"
