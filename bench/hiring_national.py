"""Hiring checks against a Sec. 3 records database of national size, beside their floor.

The generator writes about 50,000 records at scale 1 (0.036 per sworn officer). A national database holds
about 150,000, so before measuring, ``top_up_records`` adds records until the table holds ``NATIONAL``
(none when it holds that many already, as at scale 10): one INSERT ... SELECT with its revision rows, names
drawn from the first and last names already recorded, dates of birth spread over 45 years as the
generator's are, each new record a copy of a random existing one for its agency, kind, action date,
status and author. The rows stay (a later run finds the table full and adds nothing).

The check is the service (``records.services.checks.run_hiring_check``: validation, one matching query
with pg_trgm's similarity over the candidates of that date of birth, the log row), for names as recorded,
swapped, without the middle name, misspelt (found only by the fuzzy measure) and unknown. Its floor is one
indexed exact lookup in the same process: the final records of that date of birth and normalised name
(``record_dob_name_idx``), with their agency.

    uv run python bench/run.py --reuse --only hiring_national --port 8401
"""

import time

NATIONAL = 150_000
TARGET_P95 = 0.200  # seconds: fuzzy matching included

_TOP_UP = """
WITH firsts AS (
    SELECT array_agg(DISTINCT split_part(officer_name_key, ' ', 1)) AS names FROM records_useofforcerecord
), lasts AS (
    SELECT array_agg(DISTINCT regexp_replace(officer_name_key, '^.* ', '')) AS names
    FROM records_useofforcerecord
), ids AS (
    SELECT array_agg(id) AS ids FROM records_useofforcerecord
), drawn AS (
    SELECT
        ids.ids[1 + floor(random() * cardinality(ids.ids))::int] AS template,
        firsts.names[1 + floor(random() * cardinality(firsts.names))::int] AS first,
        lasts.names[1 + floor(random() * cardinality(lasts.names))::int] AS last,
        DATE '1955-01-01' + floor(random() * 45 * 365)::int AS born
    FROM generate_series(1, %(count)s), firsts, lasts, ids
), made AS (
    INSERT INTO records_useofforcerecord (
        agency_id, officer_name, officer_name_key, date_of_birth, certificate_number, kind, action_date,
        process_status, revision, created_by_id, created_at, revised_at
    )
    SELECT t.agency_id, initcap(d.first) || ' ' || initcap(d.last), d.first || ' ' || d.last, d.born, '',
           t.kind, t.action_date, t.process_status, 1, t.created_by_id, t.created_at, t.revised_at
    FROM drawn d JOIN records_useofforcerecord t ON t.id = d.template
    RETURNING id, officer_name, date_of_birth, certificate_number, kind, action_date, process_status,
              created_by_id, created_at
)
INSERT INTO records_recordrevision (
    record_id, number, officer_name, date_of_birth, certificate_number, kind, action_date, process_status,
    reason, revised_by_id, revised_at
)
SELECT id, 1, officer_name, date_of_birth, certificate_number, kind, action_date, process_status,
       'recorded', created_by_id, created_at
FROM made
"""


def top_up_records(target: int = NATIONAL) -> int:
    """Records added so that the table holds at least ``target`` (set-based, reproducible)."""
    from django.db import connection, transaction

    from records.models import UseOfForceRecord

    missing = target - UseOfForceRecord.objects.count()
    if missing <= 0:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.29)")
        cursor.execute(_TOP_UP, {"count": missing})
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) records_useofforcerecord, records_recordrevision")
    return missing


def _floor(key: str, born) -> list:
    from records.models import ProcessStatus, UseOfForceRecord

    return list(
        UseOfForceRecord.objects.filter(
            date_of_birth=born, officer_name_key=key, process_status=ProcessStatus.FINAL
        ).select_related("agency")
    )


def measure_hiring_national(table, repeat: int, quick: bool) -> None:
    from accounts.models import Role, User
    from bench.run import _variants, capture, ms, p95, summary
    from records.models import ProcessStatus, UseOfForceRecord
    from records.names import normalise_name
    from records.services.checks import run_hiring_check

    started = time.perf_counter()
    added = 0 if quick else top_up_records(NATIONAL)  # the quick run checks it works, at any size
    records = UseOfForceRecord.objects.count()
    if added:
        print(f"hiring check: {added:,} records added in {time.perf_counter() - started:.1f} s", flush=True)
    staff = User.objects.filter(role=Role.AGENCY_STAFF, agency__isnull=False).order_by("id").first()
    people = 5 if quick else 25 * max(1, repeat)
    sample = list(
        UseOfForceRecord.objects.filter(process_status=ProcessStatus.FINAL)
        .order_by("?")
        .values_list("officer_name", "date_of_birth")[:people]
    )
    checks, fuzzy, floor, queries, found = [], [], [], 0, 0
    for name, born in sample:
        typed_names = [*_variants(name), "Nobody Ever Recorded"]
        for number, typed in enumerate(typed_names):
            with capture() as captured:
                start = time.perf_counter()
                result = run_hiring_check(
                    actor=staff, candidate_name=typed, date_of_birth=born, purpose="bench"
                )
                elapsed = time.perf_counter() - start
            queries = max(queries, len(captured))
            checks.append(elapsed)
            if number == 3:  # the misspelt name: only the fuzzy measure finds it
                fuzzy.append(elapsed)
            found += bool(result.exact or result.possible)
            key = normalise_name(typed)
            start = time.perf_counter()
            _floor(key, born)
            floor.append(time.perf_counter() - start)
    median, spread = summary(checks)
    table.add(
        f"hiring check, national size ({records:,} records, {len(checks):,} checks, "
        f"{queries} queries at most)",
        median,
        spread + f", p95 {ms(p95(checks))}, {found:,} found a record",
        f"p95 < {TARGET_P95 * 1000:.0f} ms",
    )
    median, spread = summary(fuzzy)
    table.add(
        "hiring check, misspelt names only (fuzzy match)",
        median,
        spread + f", p95 {ms(p95(fuzzy))}",
        f"p95 < {TARGET_P95 * 1000:.0f} ms",
    )
    median, spread = summary(floor)
    table.add(
        "floor: one indexed exact lookup (date of birth + name, final, with agency)",
        median,
        spread + f", p95 {ms(p95(floor))}",
    )
    table.add(
        "ratio hiring check / exact lookup",
        f"{summary_ratio(checks, floor):.1f}x",
        f"p95 {p95(checks) / p95(floor):.1f}x",
    )


def summary_ratio(samples: list[float], floor: list[float]) -> float:
    import statistics

    return statistics.median(samples) / statistics.median(floor)
