"""A real Celery worker (solo pool, in a thread of the test process) on emptied queues, and the tasks it
starts."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple

from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.db import connection

from config.celery import app


@contextmanager
def running_worker() -> Iterator[None]:
    """Empty every queue (a task left by an earlier test would run here), start the worker, and close
    this thread's connection afterwards (the test database is dropped at the end)."""
    with app.connection_for_write() as conn:
        for queue in app.conf.task_queues:
            conn.default_channel.queue_purge(queue.name)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"):
        yield
    connection.close()


class StartedTask(NamedTuple):
    name: str
    at: float  # time.monotonic() as the worker started it


@contextmanager
def tasks_started(*names: str) -> Iterator[list[StartedTask]]:
    """The tasks of these names the worker starts, in order, as they start."""
    started: list[StartedTask] = []

    def record(sender=None, **_) -> None:
        if sender is not None and sender.name in names:
            started.append(StartedTask(sender.name, time.monotonic()))

    task_prerun.connect(record, weak=False)
    try:
        yield started
    finally:
        task_prerun.disconnect(record)
