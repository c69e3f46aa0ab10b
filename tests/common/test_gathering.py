"""The marks that gather a task's runs, on production's shared cache (Redis) and without one."""

import time

import pytest

from common import gathering
from tests.shared_redis import needs_redis, use_redis_cache


class Enqueued:
    """What ``enqueue_once`` asked to enqueue: the countdown of each run."""

    def __init__(self) -> None:
        self.countdowns: list[float] = []

    def __call__(self, countdown: float) -> None:
        self.countdowns.append(countdown)


@needs_redis
def test_runs_are_gathered_and_spaced(settings):
    use_redis_cache(settings, "marks")
    enqueued = Enqueued()
    # After a quiet spell: at once.
    assert gathering.enqueue_once("task", spacing=0.2, enqueue=enqueued)
    assert enqueued.countdowns == [0.0]
    # Queued and not started: later commits leave their rows to it.
    assert gathering.enqueue_once("task", spacing=0.2, enqueue=enqueued)
    assert enqueued.countdowns == [0.0]

    gathering.run_started("task", spacing=0.2)
    # Started less than the spacing ago: the next run starts the spacing after it.
    assert gathering.enqueue_once("task", spacing=0.2, enqueue=enqueued)
    assert len(enqueued.countdowns) == 2
    assert 0.1 < enqueued.countdowns[1] <= 0.2

    gathering.run_started("task", spacing=0.2)
    time.sleep(0.25)
    assert gathering.enqueue_once("task", spacing=0.2, enqueue=enqueued)
    assert enqueued.countdowns[2] == 0.0


@needs_redis
def test_a_failed_enqueue_leaves_no_mark(settings):
    use_redis_cache(settings, "marks")

    def broker_down(countdown: float) -> None:
        raise ConnectionError("broker down")

    with pytest.raises(ConnectionError):
        gathering.enqueue_once("task", spacing=0.05, enqueue=broker_down)
    enqueued = Enqueued()
    assert gathering.enqueue_once("task", spacing=0.05, enqueue=enqueued)
    assert enqueued.countdowns == [0.0]


def test_without_a_shared_cache_every_commit_enqueues_as_before(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    enqueued = Enqueued()
    assert gathering.enqueue_once("task", spacing=0.05, enqueue=enqueued) is False
    assert enqueued.countdowns == []
