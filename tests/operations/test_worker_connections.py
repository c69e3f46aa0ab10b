"""A worker keeps its database session from one task to the next, as a web process keeps it from one request
to the next (CONN_MAX_AGE), and replaces a session that an error left unusable."""

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from config.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@app.task(name="tests.operations.backend_pid")
def backend_pid(end_session: bool = False, close: bool = False) -> int:
    """The worker's PostgreSQL session; ``end_session`` ends it from the server's side, as a restart of the
    database or an idle timeout would; ``close`` closes it from the worker's side."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        if end_session:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    if close:
        connection.close()
    return pid


@pytest.fixture
def worker(monkeypatch):
    # The worker's thread makes its connection from these settings: kept for a minute, as in production
    # (the test settings run with DEBUG, where CONN_MAX_AGE is 0).
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", 60)
    with app.connection_for_write() as conn:
        for queue in app.conf.task_queues:
            conn.default_channel.queue_purge(queue.name)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"):
        yield
        # The worker's thread ends with the worker: its session is closed there, or the test database
        # could not be dropped.
        backend_pid.delay(close=True).get(timeout=15)
    connection.close()


def test_tasks_share_one_session(worker):
    assert app.conf.get("CELERY_DB_REUSE_MAX"), "without it Celery's Django fixup closes it after each task"
    pids = {backend_pid.delay().get(timeout=15) for _ in range(6)}
    assert len(pids) == 1


def test_a_session_ended_under_a_task_is_replaced(worker):
    first = backend_pid.delay().get(timeout=15)
    with pytest.raises(Exception):  # noqa: B017 - the error the server's ending gives, whatever its class
        backend_pid.delay(end_session=True).get(timeout=15)
    after = {backend_pid.delay().get(timeout=15) for _ in range(3)}
    assert len(after) == 1
    assert first not in after
