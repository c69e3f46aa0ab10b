"""The Sec. 2(a) rule of ``grants.eligibility`` as one PostgreSQL statement, for a body's fan-out.

When a national body's certification changes, tens of thousands of agencies depend on it. Loading their
facts into Python, evaluating each one and sending the changed flags back costs seconds at national
scale; this statement reads the facts, applies the rule, compares with the stored flags and writes the
changed ones with their history rows inside the database, and returns only the changed flags (for the
flips' notices). ``evaluate`` stays the rule's reference: tests/grants/test_rule_sql.py holds the two
equal on every kind of fact (tribal agencies, each application state, each body status, reporting runs,
ties), and the benchmark checks every flag against ``evaluate`` after a revocation.

Rank of an application: 1 a valid credential from a certified body, 2 in process with a certified body,
3 one that would count if its body were certified, 4 anything else; within a rank, the rule's own choice.
"""

from datetime import date, datetime

from django.conf import settings

from agencies.models import AgencyType
from credentialing.models import CertificationStatus
from credentialing.states import IN_PROCESS_STATES, ApplicationStatus

from .eligibility import EXEMPT_REASON, NO_APPLICATION_REASON, REASON_MAX_LENGTH
from .models import EligibilityBasis

S = ApplicationStatus
C = CertificationStatus


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in(values) -> str:
    return "(" + ", ".join(_quoted(str(value)) for value in values) + ")"


# "December 1, 2026", as common.humanize writes a day (FM: no padding; Month is not localised).
def _human(day: str) -> str:
    return (
        f"(to_char({day}, 'FMMonth') || ' ' || extract(day FROM {day})::int || ', ' "
        f"|| extract(year FROM {day})::int)"
    )


def _day(moment: str) -> str:
    """A timestamp's day in the tracker's time zone, as ``eligibility._day`` writes it."""
    return (
        f"CASE WHEN {moment} IS NULL THEN 'an unknown date' "
        f"ELSE {_human(f'({moment} AT TIME ZONE %(tz)s)::date')} END"
    )


_REF = "('APP-' || lpad(a.id::text, 6, '0'))"
_REF_LONG = "('APP-' || a.id::text)"
_ON = _day("a.status_changed_at")
_THROUGH = _human("(a.expires_on - 1)")
_BODY_ON = _day("b.certification_changed_at")
_IN_PROCESS = _in(sorted(IN_PROCESS_STATES))


def _reason(ref: str) -> str:
    return f"""CASE k.rank
    WHEN 1 THEN 'credentialed by ' || b.name || ' (application ' || {ref} || '), valid through ' || {_THROUGH}
    WHEN 2 THEN CASE a.status
        WHEN '{S.SUBMITTED}' THEN 'application ' || {ref} || ' submitted to ' || b.name || ' on ' || {_ON}
        WHEN '{S.UNDER_REVIEW}'
            THEN 'application ' || {ref} || ' under review by ' || b.name || ' since ' || {_ON}
        ELSE 'application ' || {ref} || ' returned by ' || b.name || ' for more information on ' || {_ON} END
    WHEN 3 THEN CASE b.certification_status
        WHEN '{C.REVOKED}' THEN b.name || '''s AG certification was revoked on ' || {_BODY_ON}
        WHEN '{C.SUSPENDED}' THEN b.name || '''s AG certification has been suspended since ' || {_BODY_ON}
        ELSE b.name || ' is not yet certified by the Attorney General' END
        || ': application ' || {ref} || ' does not count while it is not certified'
    ELSE CASE
        WHEN a.status IN ('{S.APPROVED}', '{S.EXPIRED}') AND a.expires_on IS NOT NULL
            THEN 'credential from ' || b.name || ' (application ' || {ref} || ') expired: valid through '
                || {_THROUGH}
        WHEN a.status = '{S.REVOKED}'
            THEN 'credential from ' || b.name || ' (application ' || {ref} || ') was revoked on ' || {_ON}
        WHEN a.status = '{S.DENIED}'
            THEN 'application ' || {ref} || ' was denied by ' || b.name || ' on ' || {_ON}
        WHEN a.status = '{S.WITHDRAWN}'
            THEN 'application ' || {ref} || ' to ' || b.name || ' was withdrawn on ' || {_ON}
        WHEN a.status = '{S.DRAFT}'
            THEN 'application ' || {ref} || ' to ' || b.name || ' is a draft, not yet submitted'
        ELSE 'application ' || {ref} || ' to ' || b.name || ' is ' || a.status END
    END"""


# The reference is written with at least six digits (``application_reference``).
_REASON = (
    f"left(CASE WHEN a.id < 1000000 THEN {_reason(_REF)} ELSE {_reason(_REF_LONG)} END, {REASON_MAX_LENGTH})"
)

# The agencies with an application to the body (deleted drafts too: ``agencies_depending_on_body``).
DEPENDANTS = "SELECT DISTINCT agency_id FROM credentialing_credentialapplication WHERE body_id = %(body)s"

# The stored flag's columns, the history's beside ``changed_at``.
FLAG_COLUMNS = "agency_id, eligible, basis, reason, application_id, reported_from, reported_through"


def store_and_log(source: str, now: str) -> str:
    """The CTEs ``stored`` and ``logged``: the changed flags of the CTE ``source`` upserted with
    ``changed_at`` ``now`` (a placeholder), and each appended to the history. One definition for the
    per-agency recompute (``grants.services.eligibility``) and the body's statement below."""
    return f"""stored AS (
    INSERT INTO grants_agencyeligibility AS e ({FLAG_COLUMNS}, changed_at)
    SELECT {FLAG_COLUMNS}, {now}
    FROM {source}
    ON CONFLICT (agency_id) DO UPDATE SET
        eligible = EXCLUDED.eligible, basis = EXCLUDED.basis, reason = EXCLUDED.reason,
        application_id = EXCLUDED.application_id, reported_from = EXCLUDED.reported_from,
        reported_through = EXCLUDED.reported_through, changed_at = EXCLUDED.changed_at
    RETURNING {FLAG_COLUMNS}, changed_at
), logged AS (
    INSERT INTO grants_eligibilitychange ({FLAG_COLUMNS}, changed_at)
    SELECT {FLAG_COLUMNS}, changed_at FROM stored ORDER BY agency_id
    RETURNING 1
)"""  # noqa: S608 - built from constants only


RECOMPUTE_DEPENDANTS_SQL = f"""
WITH scope AS ({DEPENDANTS}),
best AS (
    -- Each dependant's application the rule rests on, by rank and the rule's order within it: ids only,
    -- the reason is written for the chosen one alone.
    SELECT DISTINCT ON (a.agency_id) a.agency_id, a.id AS application_id, k.rank
    FROM credentialing_credentialapplication a
    JOIN credentialing_credentialingbody b ON b.id = a.body_id
    CROSS JOIN LATERAL (SELECT CASE
        WHEN a.status = '{S.APPROVED}' AND a.expires_on > %(today)s THEN
            CASE WHEN b.certification_status = '{C.CERTIFIED}' THEN 1 ELSE 3 END
        WHEN a.status IN {_IN_PROCESS} THEN
            CASE WHEN b.certification_status = '{C.CERTIFIED}' THEN 2 ELSE 3 END
        ELSE 4 END AS rank) k
    WHERE a.status <> '{S.DELETED}' AND a.agency_id IN (SELECT agency_id FROM scope)
    ORDER BY a.agency_id, k.rank,
        CASE WHEN k.rank = 1 THEN a.expires_on END DESC NULLS LAST,
        CASE WHEN k.rank = 1 THEN a.id END DESC NULLS LAST,
        CASE WHEN k.rank = 2 THEN coalesce(a.submitted_at, a.status_changed_at) END ASC,
        CASE WHEN k.rank = 2 THEN a.id END ASC,
        CASE WHEN k.rank >= 3 THEN a.status_changed_at END DESC NULLS LAST,
        CASE WHEN k.rank >= 3 THEN a.id END DESC NULLS LAST
), computed AS MATERIALIZED (
    SELECT g.id AS agency_id,
        g.agency_type = '{AgencyType.TRIBAL}' OR coalesce(k.rank <= 2, false) AS eligible,
        CASE WHEN g.agency_type = '{AgencyType.TRIBAL}' THEN '{EligibilityBasis.EXEMPT}'
             WHEN k.rank = 1 THEN '{EligibilityBasis.CREDENTIALED}'
             WHEN k.rank = 2 THEN '{EligibilityBasis.IN_PROCESS}'
             ELSE '{EligibilityBasis.NONE}' END AS basis,
        CASE WHEN g.agency_type = '{AgencyType.TRIBAL}' THEN {_quoted(EXEMPT_REASON)}
             ELSE coalesce({_REASON}, {_quoted(NO_APPLICATION_REASON)}) END AS reason,
        CASE WHEN g.agency_type = '{AgencyType.TRIBAL}' THEN NULL
             ELSE k.application_id END AS application_id,
        CASE WHEN r.reported_through IS NOT NULL THEN r.reported_from END AS reported_from,
        r.reported_through
    FROM scope
    JOIN agencies_agency g ON g.id = scope.agency_id
    LEFT JOIN best k ON k.agency_id = g.id
    LEFT JOIN credentialing_credentialapplication a ON a.id = k.application_id
    LEFT JOIN credentialing_credentialingbody b ON b.id = a.body_id
    LEFT JOIN records_reportingstatus r ON r.agency_id = g.id
), changed AS (
    SELECT c.*, coalesce(e.eligible, false) AS was_eligible
    FROM computed c LEFT JOIN grants_agencyeligibility e ON e.agency_id = c.agency_id
    WHERE e.agency_id IS NULL
       OR (e.eligible, e.basis, e.reason, e.application_id, e.reported_from, e.reported_through)
          IS DISTINCT FROM
          (c.eligible, c.basis, c.reason, c.application_id, c.reported_from, c.reported_through)
), {store_and_log("changed", "%(now)s")}
SELECT stored.agency_id, stored.eligible, stored.reason, stored.eligible <> changed.was_eligible
FROM stored JOIN changed ON changed.agency_id = stored.agency_id
ORDER BY stored.agency_id
"""  # noqa: S608 - built from constants only

# The body's dependants' waiting outbox rows, locked in agency order as every writer takes them, then
# deleted by id from one array: no join for the planner to get wrong (the table is often just vacuumed
# empty, and a nested loop over what it takes for one row was quadratic in the dependants).
DELETE_DEPENDANTS_PENDING_SQL = f"""
WITH taken AS MATERIALIZED (
    SELECT id FROM grants_recomputerequest WHERE agency_id IN ({DEPENDANTS}) ORDER BY agency_id FOR UPDATE
)
DELETE FROM grants_recomputerequest WHERE id = ANY(ARRAY(SELECT id FROM taken))"""  # noqa: S608 - constants only


# The body's own pending row (grants.models.BodyRecomputeRequest).
DELETE_BODY_PENDING_SQL = "DELETE FROM grants_bodyrecomputerequest WHERE body_id = %(body)s"

WORK_MEM_SQL = "SET LOCAL work_mem = '64MB'"


def params(*, body_id: int, today: date, now: datetime) -> dict:
    return {"body": body_id, "today": today, "now": now, "tz": settings.TIME_ZONE}
