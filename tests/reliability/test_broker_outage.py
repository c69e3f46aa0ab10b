"""Fault: the broker is down when an application changes state. Nothing may be lost."""

import logging
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection

from credentialing import services
from credentialing.models import CredentialApplication
from grants.models import AgencyEligibility, RecomputeRequest
from grants.tasks import relay_eligibility_outbox

from .brokers import PrivateRedis, celery_broker, free_port

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout=20.0) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(0.02)
    return None


def test_transition_commits_while_the_broker_is_down_and_the_flag_is_fixed_once_it_is_back(
    draft, staff, settings, caplog
):
    settings.ELIGIBILITY_OUTBOX_GRACE = timedelta(seconds=0)
    redis = PrivateRedis(free_port())
    redis.start()
    try:
        with celery_broker(redis.url) as app:
            redis.stop()  # the fault: the broker is gone

            caplog.set_level(logging.ERROR)
            started = time.monotonic()
            services.submit_application(application=draft, actor=staff)
            submit_seconds = time.monotonic() - started

            # The change is committed, its outbox row is waiting, and the failed publish was logged.
            assert CredentialApplication.objects.get(pk=draft.pk).status == "submitted"
            assert RecomputeRequest.objects.filter(agency=draft.agency).count() == 1
            assert not AgencyEligibility.objects.filter(agency=draft.agency).exists()
            assert any("outbox relay will" in r.getMessage() for r in caplog.records)
            assert submit_seconds < 10, f"the user waited {submit_seconds:.1f}s for a dead broker"

            redis.start()  # the broker is back
            restored = time.monotonic()
            with start_worker(
                app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"
            ):
                # What beat does every 30 s.
                relay_eligibility_outbox.delay()
                fixed_after = wait_for(
                    lambda: (
                        AgencyEligibility.objects.filter(agency=draft.agency, eligible=True).exists()
                        and not RecomputeRequest.objects.exists()
                    )
                )
            assert fixed_after is not None, "the flag was not corrected after the broker came back"
            print(
                f"\nbroker outage: submit took {submit_seconds * 1000:.0f} ms with the broker down; "
                f"flag correct {time.monotonic() - restored:.2f} s after the broker came back "
                f"({fixed_after:.2f} s after the relay was sent)"
            )
    finally:
        redis.stop()
        connection.close()
