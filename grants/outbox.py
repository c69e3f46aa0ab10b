"""Asking for an agency's flag to be recomputed, from inside the transaction that made it stale.

A ``RecomputeRequest`` row commits with the change (the outbox); once committed, the recompute is
enqueued. If the broker is down the enqueue fails, the change stays committed, and the relay task
picks the row up later: a failed publish is logged, never turned into an error page for a change that
has already been made.

Coalescing: an agency has at most one pending row. A change made while a recompute is pending (its row
not yet taken by a worker) joins that row and enqueues nothing more, so many transitions of one agency
in a short window cost one recompute (``ELIGIBILITY_COALESCE_SECONDS``, 0 by default, can enqueue it
later to widen that window); a task that finds other agencies waiting takes them along
(``recompute_pending``). This is safe because joining LOCKS the pending row (ON CONFLICT DO UPDATE) until
the joining transaction commits, and a recompute deletes its agencies' rows before it reads any fact:
its DELETE waits for every joined change to commit, so its reads see them. A change that comes after
the DELETE finds no row (it waits for that recompute to end), inserts a new one, and enqueues its own
recompute.

Gathering: with a cache every process shares (production's ``CACHE_URL``), the change that creates a
pending row does not enqueue a task for its agency: the first of a burst marks the drain queued and
enqueues it, the ones after it find the mark and leave their rows to it (``common.gathering``). The drain
clears the mark as it starts and then takes every row committed before, waiting for each agency as its own
task would (``drain_pending``); a change that creates a row after that asks for another drain. A hundred
transitions a second were a hundred tasks, each paying a task's overhead for a pass that mostly found its
agency already taken. Drains are spaced (``ELIGIBILITY_GATHER_SECONDS``): a change after a quiet spell is
recomputed at once, a busy spell costs one drain per spacing. Without a shared cache, and with tasks
inline, every created row enqueues its agency's task as before.

A change of a body's certification concerns every agency with an application to it (tens of thousands for
a national body): one ``BodyRecomputeRequest`` row stands for them all, joined and taken the same way, and
the body's task takes it before its agencies' own pending rows.

No lock cycle: a change waits for a recompute only there, at the pending row, once the recompute has
deleted it; and from its DELETE on, a recompute waits for no change. It takes its agencies' rows before
the DELETE, and the rows its writes check by foreign key at commit (the agency, the application) are
held by changes FOR NO KEY UPDATE at most, which does not block the check's FOR KEY SHARE (no change of
an application, an agency or a report locks those rows FOR UPDATE).
"""

import logging
from collections.abc import Iterable, Sequence

from celery import current_app
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from common import gathering
from common.changes import Write

from .models import BodyRecomputeRequest, RecomputeRequest

logger = logging.getLogger(__name__)


# The drain of every waiting agency, asked for by the changes that made a pending row (common.gathering).
DRAIN = "eligibility-drain"


def _enqueue_agencies(agency_ids: list[int]) -> None:
    from .tasks import drain_eligibility_outbox, recompute_agency_eligibility

    wait = settings.ELIGIBILITY_COALESCE_SECONDS
    if not current_app.conf.task_always_eager and gathering.enqueue_once(
        DRAIN,
        spacing=settings.ELIGIBILITY_GATHER_SECONDS,
        enqueue=lambda countdown: drain_eligibility_outbox.apply_async(
            countdown=max(countdown, wait) or None
        ),
    ):
        return
    for agency_id in agency_ids:
        # ``pending``: the task may find its row already taken by an earlier pass (grants.tasks).
        recompute_agency_eligibility.apply_async((agency_id,), {"pending": True}, countdown=wait or None)


def drain_started() -> None:
    """The drain starts: changes from now on ask for another (it may not see their rows)."""
    gathering.run_started(DRAIN, spacing=settings.ELIGIBILITY_GATHER_SECONDS)


def _enqueue_body(body_id: int) -> None:
    from .tasks import recompute_body_agencies

    recompute_body_agencies.delay(body_id)


def _on_commit(func, *args) -> None:
    def run() -> None:
        try:
            func(*args)
        except Exception:
            # Inline (eager) tasks raise straight to the caller, which development and tests want.
            if current_app.conf.task_always_eager:
                raise
            # The change is committed and its outbox row with it: the relay will recompute.
            logger.exception(
                "could not enqueue the eligibility recompute %s%r; the outbox relay will", func.__name__, args
            )

    transaction.on_commit(run)


def _pend(agency_ids: list[int], writes: Sequence[Write]) -> list[int]:
    """Run the change's own ``writes`` and make sure each agency has a pending row; returns the
    agencies whose row this call created (only those need a recompute enqueued)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for sql, params in writes:
                cursor.execute(sql, params)
        # SQLite: a pending row found here may already be read by a recompute that has not deleted it
        # yet (readers do not wait for writers), so every change enqueues its own recompute.
        RecomputeRequest.objects.bulk_create(
            [RecomputeRequest(agency_id=agency_id) for agency_id in agency_ids], ignore_conflicts=True
        )
        return agency_ids
    table = RecomputeRequest._meta.db_table
    # The change's writes ride along as data-modifying CTEs: one round trip for the whole change.
    ctes = ", ".join(f"change_{n} AS ({sql})" for n, (sql, _) in enumerate(writes))
    values = [value for _, change in writes for value in change]
    with connection.cursor() as cursor:
        # DO UPDATE (not DO NOTHING) so a joined row stays locked until this transaction commits; the
        # update keeps the oldest request time, which the relay judges by. xmax = 0: a new row.
        cursor.execute(
            (f"WITH {ctes} " if ctes else "")
            + f"INSERT INTO {table} (agency_id, requested_at) SELECT unnest(%s::bigint[]), %s "
            f"ON CONFLICT (agency_id) DO UPDATE SET requested_at = {table}.requested_at "
            "RETURNING agency_id, xmax = 0",
            [*values, agency_ids, timezone.now()],
        )
        return sorted(agency_id for agency_id, created in cursor.fetchall() if created)


def request_recompute(*, agency_ids: Iterable[int], writes: Sequence[Write] = ()) -> None:
    ids = sorted(set(agency_ids))
    if not ids:
        with connection.cursor() as cursor:
            for sql, params in writes:
                cursor.execute(sql, params)
        return
    created = _pend(ids, writes)
    if created:
        _on_commit(_enqueue_agencies, created)


def request_body_recompute(*, body_id: int, agency_ids: Iterable[int] | None = None) -> None:
    """Every agency that depends on the body recomputed by one task, set-wise.

    ``agency_ids`` None: every agency with an application to the body (a change of the body's
    certification): one pending row for the body stands for them all, and the database selects them when
    the task runs. Otherwise one pending row per listed agency (a bulk approval's agencies)."""
    # The body's task is always enqueued and reads after this commits: an existing row needs nothing.
    if agency_ids is None:
        _pend_body(body_id)
        _on_commit(_enqueue_body, body_id)
        return
    ids = sorted(set(agency_ids))
    if not ids:
        return
    if connection.vendor == "postgresql":
        # One statement and one array parameter: a national body has tens of thousands of agencies at
        # scale, and model instances for each cost seconds.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {RecomputeRequest._meta.db_table} (agency_id, requested_at) "
                "SELECT unnest(%s::bigint[]), %s ON CONFLICT (agency_id) DO NOTHING",
                [ids, timezone.now()],
            )
    else:
        RecomputeRequest.objects.bulk_create(
            [RecomputeRequest(agency_id=agency_id) for agency_id in ids],
            batch_size=5000,
            ignore_conflicts=True,
        )
    _on_commit(_enqueue_body, body_id)


def _pend_body(body_id: int) -> None:
    """The body's pending row. On PostgreSQL DO UPDATE (not DO NOTHING), as for an agency's row: a change
    that joins a waiting row holds it until it commits, so the task's DELETE waits for it and its reads
    see the change; the oldest request time is kept, which the relay judges by."""
    if connection.vendor != "postgresql":
        BodyRecomputeRequest.objects.get_or_create(body_id=body_id)
        return
    table = BodyRecomputeRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (body_id, requested_at) VALUES (%s, %s) "  # noqa: S608
            f"ON CONFLICT (body_id) DO UPDATE SET requested_at = {table}.requested_at",
            [body_id, timezone.now()],
        )
