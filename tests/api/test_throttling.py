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
