"""Outbox rows waiting, as a burst of commits leaves them, the checks the outbox's tests make, and what
they use to hold locks and run work the way other processes would."""

import threading

import psycopg
from django.db import connection

from credentialing.dates import today
from grants.eligibility import evaluate
from grants.facts import load_facts
from grants.models import AgencyEligibility, RecomputeRequest
from tests.factories import ApplicationFactory


def changes_waiting(count: int) -> list[int]:
    """Agencies whose facts changed and whose outbox rows wait, as a burst of commits leaves them."""
    agency_ids = [ApplicationFactory(submitted=True).agency_id for _ in range(count)]
    RecomputeRequest.objects.bulk_create(RecomputeRequest(agency_id=agency_id) for agency_id in agency_ids)
    return agency_ids


def flags_follow_the_rule(agency_ids: list[int]) -> bool:
    types, facts = load_facts(agency_ids)
    stored = {row.agency_id: row for row in AgencyEligibility.objects.filter(agency_id__in=agency_ids)}
    for agency_id, agency_type in types.items():
        result = evaluate(agency_type=agency_type, applications=facts.get(agency_id, ()), today=today())
        row = stored.get(agency_id)
        if row is None or (row.eligible, row.reason) != (result.eligible, result.reason):
            return False
    return True


def another_connection() -> psycopg.Connection:
    """A connection of its own, outside Django's, holding locks the way another transaction would."""
    return psycopg.connect(**connection.get_connection_params())


def waiting_on_locks() -> list[str]:
    """The statements of this database that wait for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return [query for (query,) in cursor.fetchall()]


def in_thread(call) -> tuple[threading.Thread, list]:
    """``call()`` in a thread of its own (its own database session); the list receives its result or
    its error."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:  # the test reads it
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome
