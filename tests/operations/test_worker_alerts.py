"""With a real Celery worker on Redis: the request id rides in task headers into the worker and on to
the e-mails; a stopped worker shows in the oldest-recompute gauge while the web stays ready; a stopped
Redis makes readiness fail."""

import io
import json
import logging
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django.test import Client, override_settings
from prometheus_client.parser import text_string_to_metric_families

from common.logs import JsonFormatter
from common.request_context import bound_request_id
from config.celery import app
from credentialing import services
from grants.models import RecomputeRequest
from notifications.models import Delivery, Notification
from tests import waiting
from tests.factories import AgencyStaffFactory, ApplicationFactory, CertifierFactory, DocumentFactory
from tests.reliability.brokers import PrivateRedis, celery_broker, free_port

TOKEN = "alert-test-scrape-token"


def purge_queues():
    with app.connection_for_write() as conn:
        for queue in app.conf.task_queues:
            conn.default_channel.queue_purge(queue.name)


class Worker:
    """A real worker in a thread of this process, which a test may stop (and start again)."""

    def __init__(self) -> None:
        self.running = None

    def start(self) -> None:
        self.running = start_worker(
            app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"
        )
        self.running.__enter__()

    def stop(self) -> None:
        if self.running is not None:
            self.running.__exit__(None, None, None)
            self.running = None


@pytest.fixture
def running_worker():
    purge_queues()
    worker = Worker()
    worker.start()
    yield worker
    worker.stop()
    purge_queues()
    connection.close()


@pytest.fixture
def json_lines():
    """Every log line as JSON. Added after the worker started: its start applies LOGGING to the root."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(lambda record: not record.name.startswith("mail.log"))  # the test's SMTP server
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(handler)


def ready_draft(body):
    person = AgencyStaffFactory()
    draft = ApplicationFactory(agency=person.agency, body=body, created_by=person)
    DocumentFactory(application=draft, kind="use_of_force_policy", uploaded_by=person)
    DocumentFactory(application=draft, kind="signed_declaration", uploaded_by=person)
    return draft, person


def gauges(settings):
    settings.METRICS_TOKEN = TOKEN
    text = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    return {
        sample.name: sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if not sample.labels
    }


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_changes_request_id_rides_into_its_tasks_and_e_mails(running_worker, json_lines, smtp_server, body):
    CertifierFactory(credentialing_body=body)
    draft, person = ready_draft(body)
    with bound_request_id("change-0a1b2c3d4e5f"):
        services.submit_application(application=draft, actor=person)
    # The certifier's notification is written by the submission, the staff member's by the recompute
    # in the worker: both e-mails carry the change's id.
    assert waiting.wait_for(
        lambda: (
            len(smtp_server.messages) == 2
            and not Notification.objects.filter(delivery=Delivery.PENDING).exists()
        ),
        timeout=30,
    )
    assert {message["X-Request-ID"] for message in smtp_server.messages} == {"change-0a1b2c3d4e5f"}
    assert set(Notification.objects.values_list("request_id", flat=True)) == {"change-0a1b2c3d4e5f"}
    tasks = [line for line in json_lines() if line["logger"] == "tracker.task"]
    recompute = [line for line in tasks if line["task"] == "grants.recompute_agency_eligibility"]
    assert recompute and recompute[0]["request_id"] == "change-0a1b2c3d4e5f"
    assert recompute[0]["state"] == "SUCCESS" and recompute[0]["duration_ms"] >= 0
    assert recompute[0]["task_id"]
    sends = [line for line in json_lines() if line["message"] == "notification e-mail sent"]
    assert len(sends) == 2 and {line["request_id"] for line in sends} == {"change-0a1b2c3d4e5f"}


@pytest.mark.worker
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_stopped_worker_shows_in_the_gauge_while_the_web_stays_ready(running_worker, settings, body):
    first, person = ready_draft(body)
    services.submit_application(application=first, actor=person)
    assert waiting.wait_for(lambda: not RecomputeRequest.objects.exists(), timeout=30)
    assert gauges(settings)["tracker_recompute_oldest_pending_seconds"] == 0

    running_worker.stop()  # the worker stops; Redis, the database and the web do not
    second, person = ready_draft(body)
    services.submit_application(application=second, actor=person)
    before = gauges(settings)
    time.sleep(1.5)
    after = gauges(settings)
    assert after["tracker_recompute_pending"] == 1
    assert (
        after["tracker_recompute_oldest_pending_seconds"]
        >= before["tracker_recompute_oldest_pending_seconds"] + 1.4
    )
    ready = Client().get("/readyz")
    assert ready.status_code == 200, ready.content


@pytest.mark.django_db
def test_stopping_redis_makes_readiness_fail_and_starting_it_again_recovers():
    """A redis-server of the test's own on a free loopback port (the machine's Redis is left alone),
    used as the cache and the broker, as production uses one Redis for both."""
    redis_server = PrivateRedis(free_port())
    redis_server.start()
    cache = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_server.url}
    }
    try:
        with override_settings(CACHES=cache), celery_broker(redis_server.url):
            assert Client().get("/readyz").status_code == 200
            redis_server.stop()
            failed = Client().get("/readyz")
            assert failed.status_code == 503
            assert failed.json()["checks"] == {
                "database": "ok",
                "cache": "failed",
                "broker": "failed",
                "storage": "ok",
            }
            # Liveness does not depend on Redis: the load balancer keeps the node, only stops sending to it.
            assert Client().get("/healthz").status_code == 200
            redis_server.start()
            assert Client().get("/readyz").status_code == 200
    finally:
        redis_server.stop()
