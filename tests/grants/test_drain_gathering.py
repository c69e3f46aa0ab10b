"""Transitions of many agencies with a real worker and the production cache (Redis): a burst is recomputed
by one drain instead of a task per agency, changes made while drains run are all recomputed without the
relay, and a mark left by a drain that never ran lapses."""

import time

import pytest

from common import gathering
from credentialing import services as credentialing
from credentialing.models import CredentialApplication
from grants import outbox
from grants.models import RecomputeRequest
from tests.factories import ApplicationFactory
from tests.shared_redis import needs_redis, use_redis_cache
from tests.waiting import wait_for
from tests.workers import running_worker, tasks_started

from .pending import flags_follow_the_rule

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    needs_redis,
]

DRAIN = "grants.drain_eligibility_outbox"
QUEUED = gathering.queued_mark(outbox.DRAIN)
ONE_AGENCY = "grants.recompute_agency_eligibility"


@pytest.fixture
def shared_cache(settings):
    return use_redis_cache(settings, "drain")


@pytest.fixture
def started():
    with tasks_started(DRAIN, ONE_AGENCY) as tasks:
        yield tasks


def runs(started) -> list[str]:
    return [task.name for task in started]


@pytest.fixture
def worker(shared_cache):
    with running_worker():
        yield


@pytest.fixture
def submitted(body) -> list[CredentialApplication]:
    """Twelve submitted applications of twelve agencies to one body."""
    return ApplicationFactory.create_batch(12, body=body, submitted=True)


def settled(applications: list[CredentialApplication]) -> bool:
    return not RecomputeRequest.objects.exists() and flags_follow_the_rule(
        [application.agency_id for application in applications]
    )


def test_a_burst_of_transitions_is_recomputed_by_one_drain(
    settings, shared_cache, worker, started, submitted, certifier
):
    settings.ELIGIBILITY_GATHER_SECONDS = 3.0
    first, *burst, late = submitted
    # After a quiet spell a change is recomputed at once.
    credentialing.start_review(application=first, actor=certifier)
    assert wait_for(lambda: settled([first]), 30)
    assert runs(started) == [DRAIN]

    # A burst right after waits for the spacing, and one drain takes all of it, no task per agency.
    burst_began = time.monotonic()
    for application in burst:
        credentialing.start_review(application=application, actor=certifier)
    took = time.monotonic() - burst_began
    assert took < 2.5, f"the burst took {took:.1f} s, longer than the drain waits: nothing to test"
    assert shared_cache.get(QUEUED) is not None
    assert RecomputeRequest.objects.count() == len(burst)
    assert wait_for(lambda: settled([first, *burst]), 30)
    assert runs(started) == [DRAIN, DRAIN]
    assert shared_cache.get(QUEUED) is None

    # A change after that drain asks for one of its own.
    credentialing.start_review(application=late, actor=certifier)
    assert wait_for(lambda: settled(submitted), 30)
    assert runs(started) == [DRAIN, DRAIN, DRAIN]


def test_changes_made_while_drains_run_are_all_recomputed(
    settings, shared_cache, worker, started, submitted, certifier
):
    """No wait: drains start while the changes go on, and each change made after a drain started asks for
    another. Nothing is left for the relay (which no one runs here)."""
    settings.ELIGIBILITY_GATHER_SECONDS = 0
    for application in submitted:
        credentialing.start_review(application=application, actor=certifier)
    for application in submitted:
        credentialing.return_application(
            application=application, actor=certifier, note="Which policy applies?"
        )
    assert wait_for(lambda: settled(submitted), 30), list(RecomputeRequest.objects.values_list("agency_id"))
    assert set(runs(started)) == {DRAIN}
    print(f"\n{len(started)} drains for 24 transitions of 12 agencies (worker running, no wait)")


def test_a_mark_left_by_a_lost_drain_lapses(
    settings, monkeypatch, shared_cache, worker, started, submitted, certifier
):
    settings.ELIGIBILITY_GATHER_SECONDS = 0
    monkeypatch.setattr(gathering, "MARK_SLACK_SECONDS", 1)
    first, second = submitted[:2]
    # A drain marked queued whose task was lost (a worker gone before it took it).
    shared_cache.add(QUEUED, 1, timeout=1)
    credentialing.start_review(application=first, actor=certifier)
    time.sleep(0.5)
    assert started == [] and RecomputeRequest.objects.filter(agency_id=first.agency_id).exists()
    assert wait_for(lambda: shared_cache.get(QUEUED) is None, 5)
    credentialing.start_review(application=second, actor=certifier)
    # The next change's drain takes the row the lost one left.
    assert wait_for(lambda: settled([first, second]), 30)
    assert runs(started) == [DRAIN]
