"""Loading the facts the eligibility rule reads, for one agency or for many, in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Collection

from psycopg.types.datetime import TimestamptzLoader

from agencies.models import Agency
from credentialing.models import CredentialApplication
from credentialing.states import ApplicationStatus
from records.models import ReportingStatus

from .eligibility import ApplicationFacts, ReportingRun

_FACT_FIELDS = (
    "id",
    "agency_id",
    "status",
    "body__name",
    "body__certification_status",
    "body__certification_changed_at",
    "submitted_at",
    "status_changed_at",
    "expires_on",
)


def load_facts(
    agency_ids: Collection[int] | None,
) -> tuple[dict[int, str], dict[int, list[ApplicationFacts]]]:
    """Agency types and application facts for ``agency_ids`` (every agency when None): two queries."""
    agencies = Agency.objects.all()
    # A deleted draft never existed as far as eligibility goes: not even the reason names it.
    applications = CredentialApplication.objects.exclude(status=ApplicationStatus.DELETED)
    if agency_ids is not None:
        agencies = agencies.filter(id__in=agency_ids)
        applications = applications.filter(agency_id__in=agency_ids)
    agency_types = dict(agencies.values_list("id", "agency_type"))
    facts: dict[int, list[ApplicationFacts]] = defaultdict(list)
    for (
        app_id,
        agency_id,
        status,
        body_name,
        body_status,
        body_changed_at,
        submitted_at,
        status_changed_at,
        expires_on,
    ) in applications.values_list(*_FACT_FIELDS).iterator(chunk_size=5000):
        facts[agency_id].append(
            ApplicationFacts(
                id=app_id,
                status=status,
                body_name=body_name,
                body_status=body_status,
                body_status_changed_at=body_changed_at,
                submitted_at=submitted_at,
                status_changed_at=status_changed_at,
                expires_on=expires_on,
            )
        )
    return agency_types, facts


def load_runs(agency_ids: Collection[int] | None) -> dict[int, ReportingRun]:
    """Each agency's latest unbroken run of Sec. 3 reports (agencies that never reported are absent)."""
    rows = ReportingStatus.objects.all()
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    return {
        agency_id: ReportingRun(first, through)
        for agency_id, first, through in rows.values_list("agency_id", "reported_from", "reported_through")
    }


_PG_AGENCIES = """
SELECT g.id, g.agency_type, r.reported_from, r.reported_through
FROM agencies_agency g LEFT JOIN records_reportingstatus r ON r.agency_id = g.id{where}
ORDER BY g.id"""
_PG_APPLICATIONS = """
SELECT a.agency_id, a.id, a.status, b.name, b.certification_status, b.certification_changed_at,
       a.submitted_at, a.status_changed_at, a.expires_on
FROM credentialing_credentialapplication a
JOIN credentialing_credentialingbody b ON b.id = a.body_id
WHERE a.status <> 'deleted'{where}
"""


# The agencies' rows (an array parameter), locked FOR NO KEY UPDATE in id order until the transaction
# ends. NO KEY UPDATE leaves the foreign-key checks of rows pointing at them (FOR KEY SHARE) free to run.
LOCK_AGENCIES_SQL = (
    "SELECT count(*) FROM (SELECT id FROM agencies_agency WHERE id = ANY(%s) "
    "ORDER BY id FOR NO KEY UPDATE) locked"
)


def lock_agencies(cursor, agency_ids: Collection[int]) -> None:
    """``LOCK_AGENCIES_SQL`` for these agencies: one statement."""
    cursor.execute(LOCK_AGENCIES_SQL, [list(agency_ids)])


def load_facts_pg(
    cursor, agency_ids: Collection[int] | None, *, then: tuple[str, list] | None = None
) -> tuple[dict[int, str], dict[int, list[ApplicationFacts]], dict[int, ReportingRun], list[tuple] | None]:
    """The facts of ``load_facts`` and ``load_runs`` on PostgreSQL, in two statements whatever the number
    of agencies, sent in one round trip; ``then`` (SQL and parameters) is a further statement sent with
    them, whose rows come fourth (None without it)."""
    params: list = [] if agency_ids is None else [list(agency_ids)]
    statements = [
        _PG_AGENCIES.format(where="" if agency_ids is None else " WHERE g.id = ANY(%s)"),
        _PG_APPLICATIONS.format(where="" if agency_ids is None else " AND a.agency_id = ANY(%s)"),
    ]
    arguments = params + params
    if then is not None:
        statements.append(then[0])
        arguments += then[1]
    # Django's time-zone-aware loader parses each timestamp in Python; psycopg's own (compiled) loader
    # gives the same aware datetimes (the session's time zone is UTC) many times faster.
    cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
    # Several statements in one execute: the client-side binding cursor sends them as one query, and
    # each result is read in turn (nextset).
    cursor.execute(";\n".join(statements), arguments)
    agency_types: dict[int, str] = {}
    runs: dict[int, ReportingRun] = {}
    for agency_id, agency_type, reported_from, reported_through in cursor.fetchall():
        agency_types[agency_id] = agency_type
        if reported_through is not None:
            runs[agency_id] = ReportingRun(reported_from, reported_through)
    cursor.nextset()
    facts: dict[int, list[ApplicationFacts]] = defaultdict(list)
    for agency_id, *fact in cursor.fetchall():
        facts[agency_id].append(ApplicationFacts(*fact))
    then_rows = None
    if then is not None:
        cursor.nextset()
        then_rows = cursor.fetchall()
    return agency_types, facts, runs, then_rows
