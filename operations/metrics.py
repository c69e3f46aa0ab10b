"""Metrics in Prometheus' text format: requests by view, and the domain's gauges computed per scrape.

Request counts and latencies are kept per process. Under gunicorn with several workers each worker has
its own; with ``PROMETHEUS_MULTIPROC_DIR`` set (an empty directory, emptied at each start by
``config/gunicorn.py``) prometheus-client writes them to files there and a scrape of any worker adds
up all of them. The domain's gauges are not kept anywhere: each scrape asks the database (a few indexed
queries), the replica and Redis, so every node answers the same.
"""

import hashlib
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db import connections
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from common.replica import REPLICA, replica_configured
from grants.backlog import last_reconciliation, outbox_backlog
from notifications.selectors import mail_queue
from records.selectors import agencies_overdue

logger = logging.getLogger("tracker.metrics")

# Not in the global registry: a scrape builds its own (below), from files or from this process.
REQUESTS = Counter(
    "tracker_http_requests",
    "Requests answered, by view (its URL name), method and status.",
    ["view", "method", "status"],
    registry=None,
)
LATENCY = Histogram(
    "tracker_http_request_duration_seconds",
    "Time to answer a request, by view (its URL name) and method.",
    ["view", "method"],
    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=None,
)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "OTHER"
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    LATENCY.labels(view=view, method=method).observe(seconds)


def _gauge(name: str, documentation: str, value: float, labels: dict[str, str] | None = None) -> Metric:
    family = GaugeMetricFamily(name, documentation, labels=list(labels or {}))
    family.add_metric(list((labels or {}).values()), value)
    return family


def _eligibility() -> Iterator[Metric]:
    backlog = outbox_backlog()
    yield _gauge(
        "tracker_recompute_pending",
        "Eligibility recomputes waiting (an agency's, or a body's for all its agencies).",
        backlog.pending,
    )
    yield _gauge(
        "tracker_recompute_oldest_pending_seconds",
        "How long the oldest waiting recompute has waited (0 when none waits).",
        backlog.oldest_seconds,
    )
    run = last_reconciliation()
    if run is not None:
        yield _gauge(
            "tracker_reconciliation_corrected_flags",
            "Flags the last hourly reconciliation had to correct.",
            run.corrected,
        )
        yield _gauge(
            "tracker_reconciliation_last_run_timestamp_seconds",
            "When the last reconciliation finished (Unix time).",
            run.finished_at.timestamp(),
        )


def _mail() -> Iterator[Metric]:
    queue = mail_queue()
    yield _gauge(
        "tracker_notification_emails_waiting", "Notification e-mails not sent yet.", queue["waiting"]
    )
    yield _gauge(
        "tracker_notification_emails_failed",
        "Notification e-mails the server refused for good.",
        queue["failed"],
    )


def _sec3() -> Iterator[Metric]:
    quarter, count = agencies_overdue()
    yield _gauge(
        "tracker_sec3_reports_overdue",
        "Agencies without a Sec. 3 report for the latest quarter past its 30-day grace.",
        count,
        {"quarter": f"{quarter.year}Q{quarter.number}"},
    )


REPLICA_LAG_SQL = (
    "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
    " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
    " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END"
)


def _replica() -> Iterator[Metric]:
    # Caught up with nothing to replay counts as no lag, however long the primary has been quiet.
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(REPLICA_LAG_SQL)
        (lag,) = cursor.fetchone()
    yield _gauge("tracker_replica_lag_seconds", "How far the read replica is behind the primary.", float(lag))


def _beat() -> Iterator[Metric]:
    import redis

    client = redis.Redis.from_url(
        settings.CELERY_REDBEAT_REDIS_URL, socket_connect_timeout=1, socket_timeout=1
    )
    key = getattr(settings, "CELERY_REDBEAT_LOCK_KEY", None) or settings.CELERY_REDBEAT_KEY_PREFIX + ":lock"
    try:
        with client.pipeline() as pipe:
            pipe.get(key)
            pipe.pttl(key)
            token, ttl_ms = pipe.execute()
    finally:
        client.close()
    # The lock's value is a random token per acquisition: a short hash of it names the holder without
    # saying which host it is, and changes when another beat takes over.
    holder = hashlib.sha256(token).hexdigest()[:8] if token else ""
    yield _gauge(
        "tracker_beat_lock_held",
        "1 while a beat holds the scheduling lock (celery-redbeat); holder changes on a take-over.",
        1 if token else 0,
        {"holder": holder},
    )
    yield _gauge(
        "tracker_beat_lock_ttl_seconds",
        "Seconds before the beat lock lapses unless renewed.",
        max(0.0, ttl_ms / 1000) if token else 0.0,
    )


def _sources() -> dict[str, Callable[[], Iterator[Metric]]]:
    sources: dict[str, Callable[[], Iterator[Metric]]] = {
        "eligibility": _eligibility,
        "mail": _mail,
        "sec3": _sec3,
    }
    if replica_configured():
        sources["replica"] = _replica
    if getattr(settings, "CELERY_REDBEAT_REDIS_URL", None):
        sources["beat"] = _beat
    return sources


class DomainCollector(Collector):
    """The domain's gauges, asked for at scrape time; a source that fails is reported, not fatal."""

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily(
            "tracker_metrics_source_up",
            "1 if the scrape could read this source, 0 if not.",
            labels=["source"],
        )
        took = GaugeMetricFamily(
            "tracker_metrics_source_seconds", "How long reading this source took.", labels=["source"]
        )
        for name, source in _sources().items():
            started = time.monotonic()
            try:
                metrics = list(source())
            except Exception:
                logger.exception("metrics source %s could not be read", name, extra={"source": name})
                up.add_metric([name], 0)
            else:
                yield from metrics
                up.add_metric([name], 1)
            took.add_metric([name], time.monotonic() - started)
        yield up
        yield took


class _RequestCollector(Collector):
    def collect(self) -> Iterable[Metric]:
        yield from REQUESTS.collect()
        yield from LATENCY.collect()


def exposition() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_RequestCollector())
    registry.register(DomainCollector())
    return generate_latest(registry)
