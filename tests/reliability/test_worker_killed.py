"""Fault: the worker is killed in the middle of a recompute. Nothing half-written; the task runs again."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from grants.models import AgencyEligibility, EligibilityChange, RecomputeRequest
from grants.tasks import recompute_agency_eligibility
from tests.factories import ApplicationFactory

from .brokers import PrivateRedis, celery_broker, free_port

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)


def dsn() -> str:
    db = connection.settings_dict
    return f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} dbname={db['NAME']} user={db['USER']}"


def start_worker_process(broker_url: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": broker_url,
        "CELERY_VISIBILITY_TIMEOUT": "2",
    }
    env.pop("CELERY_RESULT_BACKEND", None)
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(predicate, timeout=30.0) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def worker_blocked_writing_the_flag(observer: psycopg.Connection) -> bool:
    row = observer.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND query LIKE '%%grants_agencyeligibility%%'"
    ).fetchone()
    return bool(row and row[0])


def test_worker_killed_mid_recompute_leaves_nothing_half_written_and_the_task_is_redelivered():
    application = ApplicationFactory(submitted=True)
    agency_id = application.agency_id
    request = RecomputeRequest.objects.create(agency_id=agency_id)
    redis = PrivateRedis(free_port())
    redis.start()
    worker = None
    try:
        with (
            celery_broker(redis.url),
            psycopg.connect(dsn(), autocommit=True) as observer,
            psycopg.connect(dsn()) as blocker,
        ):
            # An uncommitted flag row for the same agency: the recompute deletes its outbox row, reads
            # the facts, then waits on this row's key when it writes the flag, its transaction open.
            blocker.execute(
                "INSERT INTO grants_agencyeligibility (agency_id, eligible, basis, reason, changed_at) "
                "VALUES (%s, false, 'none', 'held by the test', now())",
                [agency_id],
            )
            worker = start_worker_process(redis.url)
            recompute_agency_eligibility.delay(agency_id)
            reached = wait_for(lambda: worker_blocked_writing_the_flag(observer))
            assert reached is not None, "the worker never reached the write"

            worker.send_signal(signal.SIGKILL)  # the fault
            worker.wait(timeout=10)
            blocker.rollback()

            # The killed transaction left nothing behind: its outbox DELETE is undone, no flag, no history.
            assert not AgencyEligibility.objects.filter(agency_id=agency_id).exists()
            assert not EligibilityChange.objects.filter(agency_id=agency_id).exists()
            assert RecomputeRequest.objects.filter(pk=request.pk).exists()

            # A new worker gets the unacknowledged message again (acks late) once it is past its
            # visibility timeout, and finishes the job.
            time.sleep(2.5)
            restarted = time.monotonic()
            worker = start_worker_process(redis.url)
            took = wait_for(
                lambda: (
                    AgencyEligibility.objects.filter(agency_id=agency_id, eligible=True).exists()
                    and not RecomputeRequest.objects.exists()
                )
            )
            assert took is not None, "the message was not redelivered after the worker died"
            assert EligibilityChange.objects.filter(agency_id=agency_id).count() == 1
            seconds = time.monotonic() - restarted
            print(f"\nworker killed mid-task: flag correct {seconds:.2f} s after a new worker started")
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=15)
        redis.stop()
        connection.close()
