"""Readiness: can this node serve? Each dependency is tried once, in its own thread, for a short while.

The answer names the checks only. Why one failed (an exception's text may hold a host name or a user
name of the database) goes to the log, which operators read, never to the anonymous caller.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections

from common.replica import REPLICA, replica_configured

logger = logging.getLogger("tracker.health")

OK = "ok"
FAILED = "failed"
TIMED_OUT = "timed out"


def _database(alias: str) -> Callable[[], None]:
    def check() -> None:
        connection = connections[alias]
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        finally:
            # The check runs in a thread of its own: its connection must not outlive it.
            connection.close()

    return check


def _cache() -> None:
    key = "readiness-probe"
    cache.set(key, "1", 30)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not return what was just written to it")


def _broker() -> None:
    from config.celery import app

    with app.connection_for_write() as connection:
        # Opening a channel talks to the broker (a Redis PING): a refused or silent broker raises.
        connection.ensure_connection(max_retries=1, interval_start=0, timeout=settings.HEALTH_CHECK_TIMEOUT)
        connection.default_channel  # noqa: B018


def _storage() -> None:
    if settings.AWS_STORAGE_BUCKET_NAME:
        # HEAD on the bucket: reachable and these credentials may use it. Nothing is written.
        bucket = default_storage.bucket  # type: ignore[attr-defined]
        bucket.meta.client.head_bucket(Bucket=bucket.name)
        return
    root = str(settings.MEDIA_ROOT)
    # The storage makes the directory on its first save; a node that could not is not ready.
    os.makedirs(root, exist_ok=True)
    if not os.access(root, os.W_OK | os.X_OK):
        raise RuntimeError("MEDIA_ROOT is not writable")


def checks() -> dict[str, Callable[[], None]]:
    """The readiness checks by name, in the order they are reported."""
    named: dict[str, Callable[[], None]] = {"database": _database("default")}
    if replica_configured():
        named["replica"] = _database(REPLICA)
    named |= {"cache": _cache, "broker": _broker, "storage": _storage}
    return named


@dataclass(frozen=True)
class Readiness:
    results: dict[str, str]

    @property
    def ready(self) -> bool:
        return all(result == OK for result in self.results.values())


def readiness(*, timeout: float | None = None) -> Readiness:
    """Runs every check at once; each gets ``timeout`` seconds (``HEALTH_CHECK_TIMEOUT``)."""
    timeout = settings.HEALTH_CHECK_TIMEOUT if timeout is None else timeout
    results: dict[str, str] = {}
    threads: dict[str, threading.Thread] = {}

    def run(name: str, check: Callable[[], None]) -> None:
        try:
            check()
        except Exception as error:
            results[name] = FAILED
            logger.warning(
                "readiness check %s failed: %s: %s",
                name,
                type(error).__name__,
                error,
                extra={"check": name},
            )
        else:
            results[name] = OK

    named = checks()
    for name, check in named.items():
        # Daemon threads: a check stuck on a dead host must not keep a worker from exiting.
        threads[name] = threading.Thread(target=run, args=(name, check), daemon=True, name=f"ready-{name}")
        threads[name].start()
    deadline = time.monotonic() + timeout
    for name, thread in threads.items():
        thread.join(max(0.0, deadline - time.monotonic()))
        if thread.is_alive():
            logger.warning("readiness check %s timed out after %.1fs", name, timeout, extra={"check": name})
    return Readiness({name: results.get(name, TIMED_OUT) for name in named})
