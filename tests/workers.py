"""A real Celery worker (solo pool, in a thread of the test process) on emptied queues."""

from collections.abc import Iterator
from contextlib import contextmanager

from celery.contrib.testing.worker import start_worker
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
