"""Liveness and readiness as a load balancer sees them: by address, over plain HTTP, without cookies."""

import json
import logging
import socket
import time

import pytest
from django.test import Client, override_settings

from operations import health
from tests.reliability.brokers import celery_broker, free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_like(settings):
    """What a node behind the load balancer runs with: HTTPS redirects on, only the public host allowed."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLOWED_HOSTS = ["tracker.example.gov"]


def probe(path, **extra):
    # A probe by the node's address, as a load balancer sends it.
    return Client().get(path, HTTP_HOST="10.0.3.7:8000", **extra)


def test_liveness_touches_nothing_and_sets_no_cookie(production_like, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = probe("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies
    assert response["Cache-Control"] == "no-store"


def test_liveness_answers_with_the_database_gone(production_like, monkeypatch):
    def broken(*args, **kwargs):
        raise AssertionError("liveness must not use the database")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", broken)
    assert probe("/healthz").status_code == 200


def test_readiness_by_address_over_http_is_neither_redirected_nor_refused(production_like):
    response = probe("/readyz")
    assert response.status_code == 200, response.content
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"},
    }
    assert not response.cookies
    # An ordinary page by address is still refused: only the probes skip the host check.
    assert probe("/about/").status_code == 400


def test_other_methods_on_probe_paths_go_through_the_site(production_like):
    assert Client().post("/healthz", HTTP_HOST="tracker.example.gov").status_code == 301


@pytest.fixture
def closed_port():
    """A loopback port with nothing listening: connections are refused at once."""
    return free_port()


def test_evidence_storage_that_cannot_be_written_fails_readiness_by_name(settings, tmp_path):
    # A file where the evidence directory should be: the storage could not save anything there.
    (tmp_path / "not-a-directory").write_text("")
    settings.MEDIA_ROOT = tmp_path / "not-a-directory"
    response = probe("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failed"
    assert response.json()["status"] == "unavailable"


def redis_cache(url):
    # Inside the test only: the suite's own fixtures clear the cache after it.
    return override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    )


def test_a_refused_cache_and_broker_fail_readiness_naming_only_the_checks(closed_port, caplog):
    url = f"redis://127.0.0.1:{closed_port}/0"
    with redis_cache(url), celery_broker(url), caplog.at_level(logging.WARNING, logger="tracker.health"):
        response = probe("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": "ok", "cache": "failed", "broker": "failed", "storage": "ok"}
    # The anonymous answer says which, never why: no address, port or exception text.
    text = response.content.decode()
    assert str(closed_port) not in text and "127.0.0.1" not in text and "Error" not in text
    assert set(json.loads(text)) == {"status", "checks"}
    # The operators' log says why.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "readiness check cache failed: ConnectionError" in logged
    assert "readiness check broker failed" in logged


def test_a_silent_broker_times_out_within_the_configured_time(settings):
    settings.HEALTH_CHECK_TIMEOUT = 1.0
    # Accepts connections (the kernel's backlog) and never answers: a hung Redis.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        with celery_broker(f"redis://127.0.0.1:{port}/0"):
            started = time.monotonic()
            result = health.readiness()
            took = time.monotonic() - started
    assert result.results["broker"] == health.TIMED_OUT
    assert not result.ready
    # All checks share the one budget: the answer comes when it runs out, not after each in turn.
    assert took < 2.5


def test_a_configured_replica_is_checked_too(monkeypatch):
    # The suite has no streaming replica: the check's alias is pointed at the primary to see it run.
    monkeypatch.setattr(health, "replica_configured", lambda: True)
    monkeypatch.setattr(health, "REPLICA", "default")
    assert health.readiness().results["replica"] == health.OK
