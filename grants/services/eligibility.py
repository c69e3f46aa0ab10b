"""Writes of the grants app: recomputing eligibility flags, grant programs and their applicants."""

import json
import logging
from collections.abc import Collection
from datetime import date, datetime

from django.db import connection, transaction
from django.utils import timezone

from agencies.models import Agency
from common import events
from common.generations import bump
from credentialing.dates import today as local_today
from credentialing.selectors import agencies_depending_on_body

from .. import rule_sql
from ..eligibility import NO_REPORTS, Eligibility, evaluate
from ..facts import LOCK_AGENCIES_SQL, load_facts, load_facts_pg, load_runs, lock_agencies
from ..models import (
    AgencyEligibility,
    BodyRecomputeRequest,
    EligibilityChange,
    RecomputeRequest,
    ReconciliationRun,
)

logger = logging.getLogger(__name__)

# Bumped by every stored change of a flag (``common.generations``): what counts flags watches it.
FLAGS_GENERATION = "eligibility"

_COMPARED = ("eligible", "basis", "reason", "application_id", "reported_from", "reported_through")


def _values(result: Eligibility) -> tuple:
    """What is stored of a result, in ``_COMPARED`` order."""
    return (
        result.eligible,
        result.basis,
        result.reason,
        result.application_id,
        result.run.reported_from,
        result.run.reported_through,
    )


def _changed_rows(
    results: dict[int, Eligibility], existing: dict[int, tuple]
) -> list[tuple[int, Eligibility]]:
    changed = []
    for agency_id, result in results.items():
        if existing.get(agency_id) != _values(result):
            changed.append((agency_id, result))
    return changed


def _announce_flips(results: dict[int, Eligibility], previous: dict[int, bool]) -> None:
    """Tell whoever listens which agencies became eligible or stopped being so (not every new reason)."""
    flips = [
        (agency_id, result.eligible, result.reason)
        for agency_id, result in sorted(results.items())
        if result.eligible != previous.get(agency_id, False)
    ]
    if flips:
        events.announce(events.ELIGIBILITY_CHANGED, changes=flips)


def _existing_flags_sql(agency_ids: list[int] | None) -> tuple[str, list]:
    """The stored flags of the agencies (all of them for None), in ``_COMPARED`` order after the id."""
    sql = f"SELECT agency_id, {', '.join(_COMPARED)} FROM {AgencyEligibility._meta.db_table}"  # noqa: S608
    if agency_ids is None:
        return sql, []
    return sql + " WHERE agency_id = ANY(%s)", [agency_ids]


def _store_results(results: dict[int, Eligibility], *, now: datetime, restrict: bool) -> int:
    """Portable path: write the flags that changed and one history row for each; returns how many."""
    existing_rows = AgencyEligibility.objects.all()
    if restrict:
        existing_rows = existing_rows.filter(agency_id__in=list(results))
    existing = {row.agency_id: row for row in existing_rows}
    previous = {agency_id: row.eligible for agency_id, row in existing.items()}
    to_create: list[AgencyEligibility] = []
    to_update: list[AgencyEligibility] = []
    history: list[EligibilityChange] = []
    for agency_id, result in results.items():
        row = existing.get(agency_id)
        wanted = _values(result)
        if row is not None and tuple(getattr(row, field) for field in _COMPARED) == wanted:
            continue
        if row is None:
            row = AgencyEligibility(agency_id=agency_id)
            to_create.append(row)
        else:
            to_update.append(row)
        (
            row.eligible,
            row.basis,
            row.reason,
            row.application_id,
            row.reported_from,
            row.reported_through,
        ) = wanted
        row.changed_at = now
        history.append(
            EligibilityChange(
                agency_id=agency_id,
                eligible=result.eligible,
                basis=result.basis,
                reason=result.reason,
                application_id=result.application_id,
                reported_from=result.run.reported_from,
                reported_through=result.run.reported_through,
                changed_at=now,
            )
        )
    AgencyEligibility.objects.bulk_create(to_create, batch_size=5000)
    AgencyEligibility.objects.bulk_update(to_update, [*_COMPARED, "changed_at"], batch_size=2000)
    EligibilityChange.objects.bulk_create(history, batch_size=5000)
    if history:
        bump(FLAGS_GENERATION)
    _announce_flips(results, previous)
    return len(history)


# One statement stores every changed flag (insert or update) and appends its history row.
_PG_STORE = f"""
WITH incoming AS (
    SELECT * FROM json_to_recordset(%s::json) AS t(
        agency_id bigint, eligible boolean, basis varchar, reason varchar, application_id bigint,
        reported_from date, reported_through date
    )
), {rule_sql.store_and_log("incoming", "%s")}
SELECT count(*) FROM logged
"""  # noqa: S608 - built from constants only


def _as_json(changed: list[tuple[int, Eligibility]]) -> str:
    """The changed flags as one JSON parameter: sent as one string, where seven arrays would each be
    quoted value by value on the client."""
    return json.dumps(
        [
            {
                "agency_id": agency_id,
                "eligible": result.eligible,
                "basis": result.basis,
                "reason": result.reason,
                "application_id": result.application_id,
                "reported_from": _iso(result.run.reported_from),
                "reported_through": _iso(result.run.reported_through),
            }
            for agency_id, result in changed
        ],
        separators=(",", ":"),
    )


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


# Every recompute takes this transaction-scoped advisory lock: shared when it locks its agencies' rows,
# exclusive when it covers too many agencies for row locks to be cheap (the sweep, a large fan-out).
ELIGIBILITY_LOCK_KEY = 13929_0001
ROW_LOCK_LIMIT = 1000
# How many other waiting agencies a change's task takes along (see ``recompute_pending``).
DRAIN_LIMIT = 200


_DELETE_PENDING = """
DELETE FROM {outbox} WHERE id IN (
    SELECT id FROM {outbox} {where}ORDER BY agency_id FOR UPDATE
)"""
_DELETE_BODIES_PENDING = """
DELETE FROM {outbox} WHERE id IN (SELECT id FROM {outbox} ORDER BY body_id FOR UPDATE)"""

# Other agencies' waiting rows, taken only where neither the row nor its agency is held by anyone: the
# candidates are locked (SKIP LOCKED), then their agencies (SKIP LOCKED), and only the rows whose agency
# was locked are deleted. A candidate left behind stays for its own task.
_TAKE_WAITING = """
WITH candidate AS (
    SELECT id, agency_id FROM {outbox} WHERE agency_id <> %s ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED
), held AS (
    SELECT id FROM agencies_agency WHERE id IN (SELECT agency_id FROM candidate)
    ORDER BY id FOR NO KEY UPDATE SKIP LOCKED
)
DELETE FROM {outbox}
WHERE id IN (SELECT candidate.id FROM candidate JOIN held ON held.id = candidate.agency_id)
RETURNING agency_id"""


# A change's task: the shared lock, its agency's row, its pending row; in this order, in one round trip.
_TAKE_OWN = (
    "SELECT pg_advisory_xact_lock_shared(%s);\n"  # noqa: S608 - constants only
    + LOCK_AGENCIES_SQL
    + ";\nDELETE FROM {outbox} WHERE agency_id = %s RETURNING agency_id"
)


def _take_pending(cursor, agency_id: int) -> list[int]:
    """Take the shared lock, lock the agency, delete its pending row and take up to DRAIN_LIMIT other
    waiting agencies along (locked and their rows deleted); returns the agencies taken, none when an
    earlier pass took this one.

    The agency's row and its pending row are waited for, in that order (the order of ``_recompute_pg``:
    a change that joined the pending row commits first, and is then read). Everything after that is
    SKIP LOCKED: from its DELETE on, a recompute waits for no change (grants.outbox). The first three
    statements go in one round trip (most tasks of a busy minute end there, their agency already taken)
    and run in the order written.
    """
    table = RecomputeRequest._meta.db_table
    cursor.execute(_TAKE_OWN.format(outbox=table), [ELIGIBILITY_LOCK_KEY, [agency_id], agency_id])
    cursor.nextset()
    cursor.nextset()
    if not cursor.fetchall():
        return []  # an earlier pass took this agency's change, after it had committed
    cursor.execute(_TAKE_WAITING.format(outbox=table), [agency_id, DRAIN_LIMIT])
    return sorted({agency_id, *(row[0] for row in cursor.fetchall())})


def _recompute_pg(
    agency_ids: Collection[int] | None, *, today: date, now: datetime, pending_of: int | None = None
) -> int:
    """PostgreSQL: a fixed number of statements whatever the number of agencies."""
    whole_set = pending_of is None and (agency_ids is None or len(agency_ids) > ROW_LOCK_LIMIT)
    ids = None if agency_ids is None else sorted(set(agency_ids))
    with connection.cursor() as cursor:
        # Lock before reading any fact, so a recompute that started earlier with older facts can never
        # overwrite a newer result. A per-agency recompute holds the shared lock and its agencies' rows
        # (NO KEY UPDATE: the outbox's foreign-key inserts are not blocked); a sweep or a large fan-out
        # holds the lock exclusively, which serialises it against all of them without touching 18,000
        # rows. The shared lock is always taken before any row lock, so the two kinds cannot deadlock.
        if pending_of is not None:
            ids = _take_pending(cursor, pending_of)  # the shared lock first, as below
            if not ids:
                return 0
        else:
            lock = "pg_advisory_xact_lock" if whole_set else "pg_advisory_xact_lock_shared"
            cursor.execute(f"SELECT {lock}(%s)", [ELIGIBILITY_LOCK_KEY])
            if ids is not None and not whole_set:
                # The agencies' rows before the outbox's: a change waiting at a pending row this
                # recompute has deleted must never hold something the recompute still has to wait for
                # (grants.outbox).
                lock_agencies(cursor, ids)
            # Outbox rows committed before the facts are read are covered by this recompute. Deleting
            # waits for the changes that joined a pending row (they hold it until they commit), so the
            # facts read next include them; the rows are taken in agency order, as every writer takes them.
            if ids is None:
                # The sweep covers every agency, so every body's pending row too (taken first, as a
                # body's task takes its row before its agencies').
                cursor.execute(_DELETE_BODIES_PENDING.format(outbox=BodyRecomputeRequest._meta.db_table))
            cursor.execute(
                _DELETE_PENDING.format(
                    outbox=RecomputeRequest._meta.db_table,
                    where="" if ids is None else "WHERE agency_id = ANY(%s) ",
                ),
                [] if ids is None else [ids],
            )
        # The stored flags ride along with the facts: one round trip for all three reads.
        agency_types, facts, runs, stored = load_facts_pg(cursor, ids, then=_existing_flags_sql(ids))
        results = {
            agency_id: evaluate(
                agency_type=agency_type,
                applications=facts.get(agency_id, ()),
                today=today,
                run=runs.get(agency_id, NO_REPORTS),
            )
            for agency_id, agency_type in agency_types.items()
        }
        existing = {agency_id: tuple(values) for agency_id, *values in stored or ()}
        changed = _changed_rows(results, existing)
        if not changed:
            return 0
        cursor.execute(
            _PG_STORE,
            [_as_json(changed), now],
        )
        stored = cursor.fetchone()[0]
        _announce_flips(dict(changed), {agency_id: values[0] for agency_id, values in existing.items()})
        # Last, so the counter's row lock is held only until the commit.
        bump(FLAGS_GENERATION)
        return stored


def _recompute(agency_ids: Collection[int] | None, *, today: date | None) -> int:
    today = today or local_today()
    now = timezone.now()
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _recompute_pg(agency_ids, today=today, now=now)
        # Portable path (SQLite locks the whole database for a write anyway).
        locked = Agency.objects.order_by("id").select_for_update(no_key=True)
        if agency_ids is not None:
            locked = locked.filter(id__in=agency_ids)
        locked_ids = list(locked.values_list("id", flat=True))
        covered = RecomputeRequest.objects.all()
        if agency_ids is not None:
            covered = covered.filter(agency_id__in=locked_ids)
        covered_ids = list(covered.values_list("id", flat=True))
        scope = None if agency_ids is None else locked_ids
        agency_types, facts = load_facts(scope)
        runs = load_runs(scope)
        results = {
            agency_id: evaluate(
                agency_type=agency_type,
                applications=facts.get(agency_id, ()),
                today=today,
                run=runs.get(agency_id, NO_REPORTS),
            )
            for agency_id, agency_type in agency_types.items()
        }
        changed = _store_results(results, now=now, restrict=agency_ids is not None)
        if covered_ids:
            RecomputeRequest.objects.filter(id__in=covered_ids).delete()
        if agency_ids is None:
            BodyRecomputeRequest.objects.all().delete()  # every agency covered, every body's too
    return changed


def recompute_agency_eligibility(*, agency_id: int, today: date | None = None) -> bool:
    """Recompute one agency's flag from committed data; True when it changed. Safe to run twice."""
    return _recompute([agency_id], today=today) > 0


def recompute_pending(*, agency_id: int, today: date | None = None) -> int:
    """What a change's task runs: the agency's flag, and with it those of up to DRAIN_LIMIT other agencies
    waiting in the outbox, in one set-wise pass; returns how many flags changed.

    When changes come faster than one recompute each (a deadline day), the first task takes the waiting
    ones along and the tasks that follow find their agency already taken: they return at once instead of
    repeating the work. The embedded default (SQLite, tasks inline) recomputes just the agency.
    """
    if connection.vendor != "postgresql":
        return _recompute([agency_id], today=today)
    with transaction.atomic():
        return _recompute_pg(None, today=today or local_today(), now=timezone.now(), pending_of=agency_id)


def drain_pending(*, today: date | None = None) -> int:
    """What the drain runs (grants.outbox): every agency whose outbox row was committed before it started,
    a change's pass at a time; returns how many flags changed.

    Each pass is ``recompute_pending`` for the oldest row left: it waits for that agency and its row as a
    change's own task does, and takes up to DRAIN_LIMIT other waiting agencies along (those held by
    someone are skipped and picked again by a later pass). Every pass removes the row it was picked for
    (or finds it taken by another recompute), so the drain ends even while changes keep coming: rows
    made after it started have higher ids, and the changes that made them asked for another drain.
    """
    if connection.vendor != "postgresql":
        waiting = list(RecomputeRequest.objects.values_list("agency_id", flat=True))
        return recompute_eligibility_of(agency_ids=waiting, today=today)
    latest = RecomputeRequest.objects.order_by("-id").values_list("id", flat=True).first()
    if latest is None:
        return 0
    left = RecomputeRequest.objects.filter(id__lte=latest).order_by("id").values_list("agency_id", flat=True)
    changed = 0
    while (oldest := left.first()) is not None:
        changed += recompute_pending(agency_id=oldest, today=today)
    return changed


def recompute_eligibility_of(*, agency_ids: Collection[int], today: date | None = None) -> int:
    """Recompute many agencies in a fixed number of statements; returns how many flags changed."""
    return _recompute(agency_ids, today=today) if agency_ids else 0


def recompute_all_eligibility(*, today: date | None = None) -> int:
    """The reconciliation sweep over every agency; returns how many flags it had to correct."""
    return _recompute(None, today=today)


def reconcile_eligibility(*, today: date | None = None) -> int:
    """The hourly sweep, remembered: the last run's count of corrected flags is a metric."""
    started_at = timezone.now()
    corrected = recompute_all_eligibility(today=today)
    ReconciliationRun.objects.create(started_at=started_at, finished_at=timezone.now(), corrected=corrected)
    logger.info("eligibility reconciliation: %d flags corrected", corrected, extra={"corrected": corrected})
    return corrected


def recompute_body_agencies(*, body_id: int, today: date | None = None) -> int:
    """Every agency with an application to the body (a national body: tens of thousands); returns how many
    flags changed. On PostgreSQL the rule runs inside the database (``grants.rule_sql``)."""
    if connection.vendor != "postgresql":
        with transaction.atomic():
            BodyRecomputeRequest.objects.filter(body_id=body_id).delete()
            return recompute_eligibility_of(agency_ids=agencies_depending_on_body(body_id), today=today)
    with transaction.atomic():
        return _recompute_dependants_pg(body_id, today=today or local_today(), now=timezone.now())


def _recompute_dependants_pg(body_id: int, *, today: date, now: datetime) -> int:
    """The body's dependants in three statements after the lock, whatever their number: the same locking
    as a large fan-out of ``_recompute_pg`` (the exclusive lock, then the outbox rows deleted before any
    fact is read, so the changes that joined a pending row are read), then one statement that reads the
    facts, applies the rule and stores the changed flags with their history."""
    values = rule_sql.params(body_id=body_id, today=today, now=now)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ELIGIBILITY_LOCK_KEY])
        # Tens of thousands of rows sorted by the rule's order: in memory, not on disk.
        cursor.execute(rule_sql.WORK_MEM_SQL)
        # The body's pending row, then its agencies' own (the order every writer takes them in): each
        # DELETE waits for a change that joined the row, so the facts read next include it.
        cursor.execute(rule_sql.DELETE_BODY_PENDING_SQL, {"body": body_id})
        cursor.execute(rule_sql.DELETE_DEPENDANTS_PENDING_SQL, {"body": body_id})
        cursor.execute(rule_sql.RECOMPUTE_DEPENDANTS_SQL, values)
        changed = cursor.fetchall()
        if not changed:
            return 0
        flips = [(agency_id, eligible, reason) for agency_id, eligible, reason, flipped in changed if flipped]
        if flips:
            events.announce(events.ELIGIBILITY_CHANGED, changes=flips)
        bump(FLAGS_GENERATION)
        return len(changed)


def relay_outbox(*, older_than: datetime) -> int:
    """Recompute the agencies whose outbox rows were not handled by the on-commit enqueue, and the
    dependants of the bodies whose row was not; returns how many rows it found."""
    bodies = list(
        BodyRecomputeRequest.objects.filter(requested_at__lt=older_than)
        .order_by("body_id")
        .values_list("body_id", flat=True)
    )
    for body_id in bodies:
        changed = recompute_body_agencies(body_id=body_id)
        logger.warning(
            "eligibility outbox relay: body %d had an unhandled recompute request, %d flags changed",
            body_id,
            changed,
        )
    stale = set(
        RecomputeRequest.objects.filter(requested_at__lt=older_than).values_list("agency_id", flat=True)
    )
    if not stale:
        return len(bodies)
    changed = recompute_eligibility_of(agency_ids=stale)
    logger.warning(
        "eligibility outbox relay: %d agencies had unhandled recompute requests, %d flags changed",
        len(stale),
        changed,
    )
    return len(bodies) + len(stale)
