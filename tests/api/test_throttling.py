"""The API's rate limits: anonymous callers and guessed tokens by address, signed-in callers by user."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from .conftest import token_client

pytestmark = pytest.mark.django_db


def anonymous_limit() -> int:
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].split("/")[0])


def test_anonymous_calls_past_the_rate_get_429():
    client = APIClient()
    statuses = [client.get("/api/v1/me/").status_code for _ in range(anonymous_limit())]
    assert set(statuses) == {401}
    refused = client.get("/api/v1/me/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"].lower()


def test_guessed_tokens_past_the_rate_get_429(staff):
    client = APIClient()
    for attempt in range(anonymous_limit()):
        client.credentials(HTTP_AUTHORIZATION=f"Token {attempt:064x}")
        assert client.get("/api/v1/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {'f' * 64}")
    assert client.get("/api/v1/me/").status_code == 429
    other_address = token_client(staff)
    assert other_address.get("/api/v1/me/", REMOTE_ADDR="198.51.100.9").status_code == 200


def test_a_signed_in_caller_past_the_user_rate_gets_429(staff, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "60/min", "user": "5/min"})
    client = token_client(staff)
    assert [client.get("/api/v1/me/").status_code for _ in range(5)] == [200] * 5
    assert client.get("/api/v1/me/").status_code == 429


def forwarded_calls(client: APIClient, count: int, *, real: str = "") -> list[int]:
    """``count`` anonymous calls from one connection, each claiming another origin in X-Forwarded-For
    (followed, when ``real`` is given, by the address our own proxy appended)."""
    statuses = []
    for n in range(count):
        claimed = f"10.{n // 250}.{n % 250}.7" + (f", {real}" if real else "")
        response = client.get("/api/v1/me/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=claimed)
        statuses.append(response.status_code)
    return statuses


def test_a_forged_forwarded_for_does_not_escape_the_anonymous_rate():
    limit = anonymous_limit()
    statuses = forwarded_calls(APIClient(), 70)
    assert statuses[:limit] == [401] * limit
    assert statuses[limit:] == [429] * (70 - limit)


def test_behind_a_trusted_proxy_the_client_is_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    limit = anonymous_limit()
    statuses = forwarded_calls(APIClient(), 70, real="198.51.100.20")
    assert statuses[limit:] == [429] * (70 - limit), "what the client wrote before it changes nothing"
    neighbour = forwarded_calls(APIClient(), 1, real="198.51.100.21")
    assert neighbour == [401], "another client behind the same proxy has a rate of its own"
