"""Outbox rows waiting, as a burst of commits leaves them, and the checks the drain's tests make."""

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
    """A second session on the test database, for holding locks the way another process would."""
    db = connection.settings_dict
    return psycopg.connect(
        f"host={db['HOST'] or '127.0.0.1'} port={db['PORT'] or 5432} dbname={db['NAME']} user={db['USER']}"
    )
