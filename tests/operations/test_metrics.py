"""/metrics: only for the operators, parsed as Prometheus parses it, with the domain's own gauges."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from grants.models import RecomputeRequest
from grants.services import reconcile_eligibility
from notifications.models import Delivery, Notification
from operations import metrics as metrics_module
from records.selectors import latest_quarter_overdue
from tests.factories import AgencyFactory, AgencyStaffFactory
from tests.reliability.brokers import PrivateRedis, free_port

pytestmark = pytest.mark.django_db

TOKEN = "operators-scrape-token-for-tests-only"


@pytest.fixture(autouse=True)
def operators(settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    settings.METRICS_TOKEN = TOKEN


def scrape(**extra):
    response = Client().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return parse(response.content.decode())


def parse(text):
    """Every sample as {(name, frozenset(labels)): value}, through prometheus-client's own parser."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(samples, name, **labels):
    return samples[(name, frozenset(labels.items()))]


@pytest.mark.parametrize(
    "extra",
    [
        {"REMOTE_ADDR": "203.0.113.9"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": "Bearer wrong-token"},
        {"REMOTE_ADDR": "203.0.113.9", "HTTP_AUTHORIZATION": f"Token {TOKEN}"},
        {"REMOTE_ADDR": "not-an-address"},
    ],
)
def test_strangers_get_a_404(extra):
    response = Client().get("/metrics", **extra)
    assert response.status_code == 404
    assert b"tracker_" not in response.content


def test_the_operators_network_or_the_token_gets_in():
    assert Client().get("/metrics", REMOTE_ADDR="10.20.4.5").status_code == 200
    assert (
        Client().get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code
        == 200
    )


def test_without_networks_or_token_nobody_gets_in(settings):
    settings.METRICS_ALLOWED_NETWORKS = []
    settings.METRICS_TOKEN = ""
    assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_requests_are_counted_by_view_name_not_by_path(client, staff):
    before = scrape()
    client.force_login(staff)
    for _ in range(3):
        assert client.get("/about/").status_code == 200
    assert client.get("/no-such-page/").status_code == 404
    after = scrape()
    about = ("tracker_http_requests_total", {"view": "about", "method": "GET", "status": "200"})
    counted = value(after, about[0], **about[1]) - before.get((about[0], frozenset(about[1].items())), 0)
    assert counted == 3
    assert value(after, "tracker_http_request_duration_seconds_count", view="about", method="GET") >= 3
    assert value(after, "tracker_http_requests_total", view="<unresolved>", method="GET", status="404") >= 1
    # No label holds a path.
    assert not any("/" in v for (_, labels) in after for _, v in labels)


def test_the_domain_gauges(django_assert_max_num_queries):
    agencies = [AgencyFactory() for _ in range(3)]
    RecomputeRequest.objects.create(agency=agencies[0], requested_at=timezone.now() - timedelta(minutes=5))
    RecomputeRequest.objects.create(agency=agencies[1], requested_at=timezone.now() - timedelta(seconds=5))
    person = AgencyStaffFactory(agency=agencies[0])
    for n, delivery in enumerate([Delivery.PENDING, Delivery.PENDING, Delivery.FAILED, Delivery.SENT]):
        Notification.objects.create(
            recipient=person, kind="submitted", key=f"k{n}", subject="s", delivery=delivery
        )
    with django_assert_max_num_queries(6):
        samples = scrape()
    assert value(samples, "tracker_recompute_pending") == 2
    assert 300 <= value(samples, "tracker_recompute_oldest_pending_seconds") < 330
    assert value(samples, "tracker_notification_emails_waiting") == 2
    assert value(samples, "tracker_notification_emails_failed") == 1
    quarter = latest_quarter_overdue()
    assert value(samples, "tracker_sec3_reports_overdue", quarter=f"{quarter.year}Q{quarter.number}") == 3
    # No reconciliation has run yet: no figure rather than a made-up zero.
    assert ("tracker_reconciliation_corrected_flags", frozenset()) not in samples
    for source in ("eligibility", "mail", "sec3"):
        assert value(samples, "tracker_metrics_source_up", source=source) == 1


def test_the_last_reconciliation_says_how_many_flags_it_corrected():
    AgencyFactory.create_batch(2)
    # No flag was ever computed for these agencies: the sweep writes both.
    reconcile_eligibility()
    samples = scrape()
    assert value(samples, "tracker_reconciliation_corrected_flags") == 2
    assert value(samples, "tracker_reconciliation_last_run_timestamp_seconds") == pytest.approx(
        timezone.now().timestamp(), abs=30
    )
    reconcile_eligibility()
    assert value(scrape(), "tracker_reconciliation_corrected_flags") == 0


def test_an_empty_outbox_reads_zero():
    samples = scrape()
    assert value(samples, "tracker_recompute_pending") == 0
    assert value(samples, "tracker_recompute_oldest_pending_seconds") == 0


@pytest.fixture
def private_redis():
    server = PrivateRedis(free_port())
    server.start()
    yield server
    server.stop()


def test_the_beat_lock_holder_from_redis(settings, private_redis):
    import redis

    settings.CELERY_REDBEAT_REDIS_URL = private_redis.url
    settings.CELERY_REDBEAT_KEY_PREFIX = "redbeat:"
    samples = scrape()
    assert value(samples, "tracker_beat_lock_held", holder="") == 0
    client = redis.Redis.from_url(private_redis.url)
    client.set("redbeat::lock", b"6f1c0d2a9e8b11ef", px=45_000)
    samples = scrape()
    [(held_labels, held)] = [
        (labels, v) for (name, labels), v in samples.items() if name == "tracker_beat_lock_held"
    ]
    holder = dict(held_labels)["holder"]
    assert held == 1 and len(holder) == 8 and holder not in "6f1c0d2a9e8b11ef"
    assert 40 < value(samples, "tracker_beat_lock_ttl_seconds") <= 45
    client.close()


def test_an_unreachable_source_is_reported_and_the_rest_still_served(settings):
    settings.CELERY_REDBEAT_REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    samples = scrape()
    assert value(samples, "tracker_metrics_source_up", source="beat") == 0
    assert value(samples, "tracker_metrics_source_up", source="eligibility") == 1
    assert ("tracker_beat_lock_held", frozenset({("holder", "")})) not in samples


@pytest.mark.postgres
def test_the_replica_lag_when_a_replica_is_configured(monkeypatch):
    # The suite has no streaming replica: pointed at the primary, which is never behind itself.
    monkeypatch.setattr(metrics_module, "replica_configured", lambda: True)
    monkeypatch.setattr(metrics_module, "REPLICA", "default")
    samples = scrape()
    assert value(samples, "tracker_replica_lag_seconds") == 0
    assert value(samples, "tracker_metrics_source_up", source="replica") == 1


def test_no_replica_gauge_without_a_replica():
    assert not [name for name, _ in scrape() if name.startswith("tracker_replica")]
