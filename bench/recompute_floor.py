"""The full recompute's yardstick: ONE SQL statement that does what ``recompute_all_eligibility`` does.

For every agency it computes the stored flag (Sec. 2(a) eligibility, its basis, the reason in words, the
application it rests on) and the agency's latest unbroken run of Sec. 3 reports (from the run the report
services keep, as the product reads it), compares that with the stored flag, and writes only the changed
flags, each with its history row. It lives in bench/ only: the product keeps its one rule in Python
(``grants.eligibility.evaluate``); ``floor_agrees`` checks, in the same run, that this statement and the
rule give the same rows, so the yardstick measures the same work.
"""

import time
from datetime import date, datetime

from django.conf import settings
from django.db import connection, transaction

# A date as people read it ("December 1, 2026"), and a timestamp's local day, as common.humanize writes them.
_HUMAN = (
    "(to_char({d}, 'FMMonth') || ' ' || extract(day FROM {d})::int || ', ' || extract(year FROM {d})::int)"
)
_DAY = (
    "CASE WHEN {t} IS NULL THEN 'an unknown date' ELSE "
    + _HUMAN.format(d="({t} AT TIME ZONE %(tz)s)::date")
    + " END"
)


def _human(d: str) -> str:
    return _HUMAN.format(d=d)


def _day(t: str) -> str:
    return _DAY.format(t=t)


_REF = "('APP-' || CASE WHEN a.id < 1000000 THEN lpad(a.id::text, 6, '0') ELSE a.id::text END)"
_ON = _day("a.status_changed_at")
_THROUGH = _human("(a.expires_on - 1)")
_REASON = f"""left(CASE k.rank
    WHEN 1 THEN 'credentialed by ' || b.name || ' (application ' || {_REF} || '), valid through '
        || {_THROUGH}
    WHEN 2 THEN CASE a.status
        WHEN 'submitted' THEN 'application ' || {_REF} || ' submitted to ' || b.name || ' on ' || {_ON}
        WHEN 'under_review'
            THEN 'application ' || {_REF} || ' under review by ' || b.name || ' since ' || {_ON}
        ELSE 'application ' || {_REF} || ' returned by ' || b.name || ' for more information on ' || {_ON} END
    WHEN 3 THEN CASE b.certification_status
        WHEN 'revoked'
            THEN b.name || '''s AG certification was revoked on ' || {_day("b.certification_changed_at")}
        WHEN 'suspended' THEN b.name || '''s AG certification has been suspended since '
            || {_day("b.certification_changed_at")}
        ELSE b.name || ' is not yet certified by the Attorney General' END
        || ': application ' || {_REF} || ' does not count while it is not certified'
    ELSE CASE
        WHEN a.status IN ('approved', 'expired') AND a.expires_on IS NOT NULL
            THEN 'credential from ' || b.name || ' (application ' || {_REF} || ') expired: valid through '
                || {_THROUGH}
        WHEN a.status = 'revoked'
            THEN 'credential from ' || b.name || ' (application ' || {_REF} || ') was revoked on ' || {_ON}
        WHEN a.status = 'denied'
            THEN 'application ' || {_REF} || ' was denied by ' || b.name || ' on ' || {_ON}
        WHEN a.status = 'withdrawn'
            THEN 'application ' || {_REF} || ' to ' || b.name || ' was withdrawn on ' || {_ON}
        WHEN a.status = 'draft'
            THEN 'application ' || {_REF} || ' to ' || b.name || ' is a draft, not yet submitted'
        ELSE 'application ' || {_REF} || ' to ' || b.name || ' is ' || a.status END
    END, 300)"""

# Rank 1: a valid credential from a certified body; 2: in process with a certified body; 3: would count
# if its body were certified; 4: anything else. Within a rank, the rule's own choice of application.
RECOMPUTE_FLOOR_SQL = f"""
WITH best AS (
    SELECT DISTINCT ON (a.agency_id) a.agency_id, a.id AS application_id, k.rank, {_REASON} AS reason
    FROM credentialing_credentialapplication a
    JOIN credentialing_credentialingbody b ON b.id = a.body_id
    CROSS JOIN LATERAL (SELECT CASE
        WHEN a.status = 'approved' AND a.expires_on > %(today)s THEN
            CASE WHEN b.certification_status = 'certified' THEN 1 ELSE 3 END
        WHEN a.status IN ('submitted', 'under_review', 'returned') THEN
            CASE WHEN b.certification_status = 'certified' THEN 2 ELSE 3 END
        ELSE 4 END AS rank) k
    WHERE a.status <> 'deleted'
    ORDER BY a.agency_id, k.rank,
        CASE WHEN k.rank = 1 THEN a.expires_on END DESC NULLS LAST,
        CASE WHEN k.rank = 1 THEN a.id END DESC NULLS LAST,
        CASE WHEN k.rank = 2 THEN coalesce(a.submitted_at, a.status_changed_at) END ASC,
        CASE WHEN k.rank = 2 THEN a.id END ASC,
        CASE WHEN k.rank >= 3 THEN a.status_changed_at END DESC NULLS LAST,
        CASE WHEN k.rank >= 3 THEN a.id END DESC NULLS LAST
), computed AS (
    SELECT g.id AS agency_id,
        g.agency_type = 'tribal' OR coalesce(best.rank <= 2, false) AS eligible,
        CASE WHEN g.agency_type = 'tribal' THEN 'exempt'
             WHEN best.rank = 1 THEN 'credentialed'
             WHEN best.rank = 2 THEN 'in_process'
             ELSE 'none' END AS basis,
        CASE WHEN g.agency_type = 'tribal'
                 THEN 'tribal agency: not subject to the EO 13929 Sec. 2(a) requirement'
             ELSE coalesce(best.reason, 'no application') END AS reason,
        CASE WHEN g.agency_type = 'tribal' THEN NULL ELSE best.application_id END AS application_id,
        CASE WHEN r.reported_through IS NOT NULL THEN r.reported_from END AS reported_from,
        r.reported_through
    FROM agencies_agency g
    LEFT JOIN best ON best.agency_id = g.id
    LEFT JOIN records_reportingstatus r ON r.agency_id = g.id
), changed AS (
    SELECT c.* FROM computed c LEFT JOIN grants_agencyeligibility e ON e.agency_id = c.agency_id
    WHERE e.agency_id IS NULL
       OR (e.eligible, e.basis, e.reason, e.application_id, e.reported_from, e.reported_through)
          IS DISTINCT FROM
          (c.eligible, c.basis, c.reason, c.application_id, c.reported_from, c.reported_through)
), stored AS (
    INSERT INTO grants_agencyeligibility AS e
        (agency_id, eligible, basis, reason, application_id, reported_from, reported_through, changed_at)
    SELECT agency_id, eligible, basis, reason, application_id, reported_from, reported_through, %(now)s
    FROM changed
    ON CONFLICT (agency_id) DO UPDATE SET
        eligible = EXCLUDED.eligible, basis = EXCLUDED.basis, reason = EXCLUDED.reason,
        application_id = EXCLUDED.application_id, reported_from = EXCLUDED.reported_from,
        reported_through = EXCLUDED.reported_through, changed_at = EXCLUDED.changed_at
    RETURNING agency_id, eligible, basis, reason, application_id, reported_from, reported_through, changed_at
), logged AS (
    INSERT INTO grants_eligibilitychange
        (agency_id, eligible, basis, reason, application_id, reported_from, reported_through, changed_at)
    SELECT agency_id, eligible, basis, reason, application_id, reported_from, reported_through, changed_at
    FROM stored ORDER BY agency_id
    RETURNING 1
)
SELECT count(*) FROM logged
"""  # noqa: S608 - built from constants only

_FLAGS = (
    "SELECT agency_id, eligible, basis, reason, application_id, reported_from, reported_through "
    "FROM grants_agencyeligibility"
)


def _params(today: date, now: datetime) -> dict:
    return {"today": today, "now": now, "tz": settings.TIME_ZONE}


def run_floor(today: date, now: datetime) -> tuple[float, int]:
    """The statement in its own transaction, committed (so it pays the deferred foreign-key checks and
    the commit, as the product does): (seconds, flags written)."""
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(RECOMPUTE_FLOOR_SQL, _params(today, now))
        written = cursor.fetchone()[0]
    return time.perf_counter() - start, written


def stored_flags() -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_FLAGS)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
