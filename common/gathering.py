"""One task run for a burst of commits that each ask for it (the e-mail sender, the eligibility drain).

A task that takes every row its commits left (an outbox) need not run once a commit. The first commit to
ask marks the run queued in the shared cache and enqueues it; the commits after it find the mark and
leave their rows to that run, which clears the mark as it starts and then takes every row committed
before. A commit that comes once the run has started finds no mark and asks for a run of its own, so no
row is left without a run that will take it.

Runs are spaced: a run asked for within ``spacing`` seconds of the last one's start is enqueued to start
``spacing`` after it. An isolated commit is served at once; under a steady stream the commits of each
``spacing`` share one run. The mark lapses on its own, so a lost task holds nothing up for long.

Only a cache every process shares can carry the mark: with a cache of one process (locmem) or none, or
while the cache cannot be reached, ``enqueue_once`` says so and the caller enqueues as without gathering.
"""

import logging
import math
import time
from collections.abc import Callable

from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

# How long a mark outlives the wait it was set for: a run lost before it started (its worker gone) holds
# later commits back for no longer than this.
MARK_SLACK_SECONDS = 10.0


def queued_mark(name: str) -> str:
    return f"gathering:{name}:queued"


def _started_mark(name: str) -> str:
    return f"gathering:{name}:started"


def shared_cache() -> bool:
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def enqueue_once(name: str, *, spacing: float, enqueue: Callable[[float], object]) -> bool:
    """Ask for a run of ``name``: ``enqueue(countdown)`` unless a run is queued and has not started.
    False when no mark can be kept (the caller enqueues as it would without gathering); an error of
    ``enqueue`` is raised after the mark is cleared, so the next commit asks again."""
    if not shared_cache():
        return False
    cache = caches["default"]
    try:
        if not cache.add(queued_mark(name), 1, timeout=_whole_seconds(spacing + MARK_SLACK_SECONDS)):
            return True  # a queued run takes this commit's rows
    except Exception:
        logger.warning("could not mark the run of %s queued", name, exc_info=True)
        return False
    countdown = _until_spaced(name, spacing)
    try:
        enqueue(countdown)
    except Exception:
        _forget(name)
        raise
    return True


def run_started(name: str, *, spacing: float) -> None:
    """The run of ``name`` starts: commits from now on ask for another (it may not see their rows), to
    start no sooner than ``spacing`` from now."""
    if not shared_cache():
        return
    if spacing > 0:
        try:
            caches["default"].set(_started_mark(name), time.time(), timeout=_whole_seconds(spacing))
        except Exception:
            logger.warning("could not note the start of %s", name, exc_info=True)
    _forget(name)


def _until_spaced(name: str, spacing: float) -> float:
    """Seconds until ``spacing`` has passed since the last run of ``name`` started (0 if it has, or if
    that start cannot be read: this commit holds the mark and must enqueue either way)."""
    if spacing <= 0:
        return 0.0
    try:
        last_start = caches["default"].get(_started_mark(name))
    except Exception:
        logger.warning("could not read the last start of %s", name, exc_info=True)
        return 0.0
    return 0.0 if last_start is None else min(spacing, max(0.0, last_start + spacing - time.time()))


def _whole_seconds(seconds: float) -> int:
    """A timeout Redis keeps: whole seconds, at least one (Django's Redis cache truncates a fraction, and
    deletes the key for 0)."""
    return max(1, math.ceil(seconds))


def _forget(name: str) -> None:
    try:
        caches["default"].delete(queued_mark(name))
    except Exception:
        logger.warning("could not clear the mark of %s", name, exc_info=True)
