"""Asking for an agency's flag to be recomputed, from inside the transaction that made it stale.

A ``RecomputeRequest`` row commits with the change (the outbox); once committed, the recompute is
enqueued. If the broker is down the enqueue fails, the change stays committed, and the relay task
picks the row up later: a failed publish is logged, never turned into an error page for a change that
has already been made.
"""

import logging
from collections.abc import Iterable, Sequence

from celery import current_app
from django.db import connection, transaction
from django.utils import timezone

from common.changes import Write

from .models import RecomputeRequest

logger = logging.getLogger(__name__)


def _enqueue_agencies(agency_ids: list[int]) -> None:
    from .tasks import recompute_agency_eligibility

    for agency_id in agency_ids:
        recompute_agency_eligibility.delay(agency_id, pending=True)


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


def _write(agency_ids: list[int], writes: Sequence[Write]) -> None:
    """Run the change's own ``writes`` and add one outbox row per agency."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            for sql, params in writes:
                cursor.execute(sql, params)
        RecomputeRequest.objects.bulk_create(
            [RecomputeRequest(agency_id=agency_id) for agency_id in agency_ids]
        )
        return
    # The change's writes ride along as data-modifying CTEs: one round trip for the whole change.
    ctes = ", ".join(f"change_{n} AS ({sql})" for n, (sql, _) in enumerate(writes))
    values = [value for _, change in writes for value in change]
    with connection.cursor() as cursor:
        cursor.execute(
            (f"WITH {ctes} " if ctes else "")
            + f"INSERT INTO {RecomputeRequest._meta.db_table} (agency_id, requested_at) "
            "SELECT unnest(%s::bigint[]), %s",
            [*values, agency_ids, timezone.now()],
        )


def request_recompute(*, agency_ids: Iterable[int], writes: Sequence[Write] = ()) -> None:
    ids = sorted(set(agency_ids))
    if not ids:
        with connection.cursor() as cursor:
            for sql, params in writes:
                cursor.execute(sql, params)
        return
    _write(ids, writes)
    _on_commit(_enqueue_agencies, ids)


def request_body_recompute(*, body_id: int, agency_ids: Iterable[int]) -> None:
    """One outbox row per agency that depends on the body; one task recomputes them set-wise."""
    ids = sorted(set(agency_ids))
    if not ids:
        return
    RecomputeRequest.objects.bulk_create(
        [RecomputeRequest(agency_id=agency_id) for agency_id in ids], batch_size=5000
    )
    _on_commit(_enqueue_body, body_id)
