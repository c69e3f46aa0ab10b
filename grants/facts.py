"""Loading the facts the eligibility rule reads, for one agency or for many, in a fixed number of queries."""

from collections import defaultdict
from collections.abc import Collection

from psycopg.types.datetime import TimestamptzLoader

from agencies.models import Agency
from credentialing.models import CredentialApplication
from credentialing.states import ApplicationStatus

from .eligibility import ApplicationFacts

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


_PG_AGENCIES = "SELECT id, agency_type FROM agencies_agency{where} ORDER BY id{lock}"
_PG_APPLICATIONS = """
SELECT a.agency_id, a.id, a.status, b.name, b.certification_status, b.certification_changed_at,
       a.submitted_at, a.status_changed_at, a.expires_on
FROM credentialing_credentialapplication a
JOIN credentialing_credentialingbody b ON b.id = a.body_id
WHERE a.status <> 'deleted'{where}
"""


def load_facts_pg(
    cursor, agency_ids: Collection[int] | None, *, lock_rows: bool
) -> tuple[dict[int, str], dict[int, list[ApplicationFacts]]]:
    """The same facts as ``load_facts`` on PostgreSQL, in two statements whatever the number of agencies:
    the first also takes the agencies' row locks (NO KEY UPDATE, in id order) when ``lock_rows``."""
    params: list = [] if agency_ids is None else [list(agency_ids)]
    # Django's time-zone-aware loader parses each timestamp in Python; psycopg's own (compiled) loader
    # gives the same aware datetimes (the session's time zone is UTC) many times faster.
    cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
    cursor.execute(
        _PG_AGENCIES.format(
            where="" if agency_ids is None else " WHERE id = ANY(%s)",
            lock=" FOR NO KEY UPDATE" if lock_rows else "",
        ),
        params,
    )
    agency_types = dict(cursor.fetchall())
    cursor.execute(
        _PG_APPLICATIONS.format(where="" if agency_ids is None else " AND a.agency_id = ANY(%s)"), params
    )
    facts: dict[int, list[ApplicationFacts]] = defaultdict(list)
    for agency_id, *values in cursor.fetchall():
        facts[agency_id].append(ApplicationFacts(*values))
    return agency_types, facts
