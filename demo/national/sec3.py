"""Sec. 3 rows of the national data set: about 50,000 records at scale 1 and every agency's quarterly
reports (most current, some overdue, some with a gap, some never reported).

Drawn from a random source of their own, so adding them leaves every other generated row as it was.
"""

import json
import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from records.models import ProcessStatus, RecordKind, ReportKind
from records.names import normalise_name
from records.quarters import Quarter, between, last_complete, latest_run

# Records per sworn officer over the years generated: about 50,000 over the nation's officers.
RECORDS_PER_OFFICER = 0.036
FIRST_ACTION = date(2021, 1, 1)
FIRST_REPORTED = Quarter(2024, 1)
KINDS = [
    (RecordKind.TERMINATION, 0.42),
    (RecordKind.DECERTIFICATION, 0.22),
    (RecordKind.RESIGNATION_UNDER_INVESTIGATION, 0.2),
    (RecordKind.CRIMINAL_CONVICTION, 0.1),
    (RecordKind.CIVIL_JUDGMENT, 0.06),
]
STATUSES = [(ProcessStatus.FINAL, 0.8), (ProcessStatus.UNDER_APPEAL, 0.12), (ProcessStatus.OVERTURNED, 0.08)]
_MIDDLE = "ABCDEFGHJKLMNPRSTW"


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([value for value, _ in weighted], [weight for _, weight in weighted])[0]


def _moment(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(15, 0), tzinfo=UTC) + timedelta(seconds=rng.randrange(0, 6 * 3600))


def add_sec3(dataset, *, seed: int, first_names: list[str], last_names: list[str]) -> None:
    rng = random.Random(seed * 31 + 3)  # noqa: S311 - reproducible synthetic data, not secrets
    today = dataset.today
    records = dataset._table(
        "records.UseOfForceRecord",
        "agency_id",
        "officer_name",
        "officer_name_key",
        "date_of_birth",
        "certificate_number",
        "kind",
        "action_date",
        "process_status",
        "revision",
        "created_by_id",
        "created_at",
        "revised_at",
    )
    revisions = dataset._table(
        "records.RecordRevision",
        "record_id",
        "number",
        "officer_name",
        "date_of_birth",
        "certificate_number",
        "kind",
        "action_date",
        "process_status",
        "reason",
        "revised_by_id",
        "revised_at",
    )
    sworn = {row[0]: row[8] for row in dataset.tables["agencies.Agency"].rows}
    by_quarter: dict[tuple[int, date], list[int]] = defaultdict(list)
    span = (today - FIRST_ACTION).days
    for agency_id, _agency_type, state in dataset.agencies:
        expected = sworn[agency_id] * RECORDS_PER_OFFICER
        count = int(expected) + (rng.random() < expected - int(expected))
        for _ in range(count):
            record_id = dataset._id("records.UseOfForceRecord")
            middle = f" {rng.choice(_MIDDLE)}." if rng.random() < 0.4 else ""
            name = f"{rng.choice(first_names)}{middle} {rng.choice(last_names)}"
            born = date(1955, 1, 1) + timedelta(days=rng.randrange(0, 45 * 365))
            action = FIRST_ACTION + timedelta(days=rng.randrange(0, max(1, span)))
            certificate = f"{state}{rng.randrange(10**5, 10**6)}" if rng.random() < 0.6 else ""
            kind, status = _pick(rng, KINDS), _pick(rng, STATUSES)
            at = _moment(action + timedelta(days=rng.randrange(1, 20)), rng)
            if at.date() > today:
                at = _moment(today, rng) - timedelta(hours=8)
            staff = dataset.staff[agency_id]
            key = normalise_name(name)
            records.rows.append(
                (record_id, agency_id, name, key, born, certificate, kind, action, status, 1, staff, at, at)
            )
            revisions.rows.append(
                (
                    dataset._id("records.RecordRevision"),
                    record_id,
                    1,
                    name,
                    born,
                    certificate,
                    kind,
                    action,
                    status,
                    "recorded",
                    staff,
                    at,
                )
            )
            by_quarter[(agency_id, Quarter.of(action).start)].append(record_id)
    _reports(dataset, rng, by_quarter, today)


def _reports(dataset, rng: random.Random, by_quarter: dict, today: date) -> None:
    reports = dataset._table(
        "records.QuarterlyReport",
        "agency_id",
        "quarter",
        "kind",
        "record_count",
        "signed_by_name",
        "signed_by_title",
        "version",
        "first_submitted_at",
        "submitted_at",
        "submitted_by_id",
    )
    versions = dataset._table(
        "records.ReportVersion",
        "report_id",
        "number",
        "kind",
        "record_ids",
        "signed_by_name",
        "signed_by_title",
        "note",
        "submitted_by_id",
        "submitted_at",
    )
    statuses = dataset._table("records.ReportingStatus", "reported_from", "reported_through", "changed_at")
    statuses.fields = ("agency_id", "reported_from", "reported_through", "changed_at")
    last = last_complete(today)
    quarters = between(FIRST_REPORTED, last) if last >= FIRST_REPORTED else []
    heads = {row[0]: (row[9], row[10]) for row in dataset.tables["agencies.Agency"].rows}
    for agency_id, _agency_type, _state in dataset.agencies:
        draw = rng.random()
        if draw < 0.1:
            continue  # never reported
        chosen = list(quarters)
        if draw < 0.25 and chosen:  # overdue: stopped one to three quarters ago
            chosen = chosen[: -rng.randint(1, min(3, len(chosen)))]
        elif draw < 0.35 and len(chosen) > 2:  # a quarter missed in the middle
            chosen.pop(rng.randrange(1, len(chosen) - 1))
        head_name, head_title = heads[agency_id]
        staff = dataset.staff[agency_id]
        for quarter in chosen:
            record_ids = by_quarter.get((agency_id, quarter.start), [])
            kind = ReportKind.RECORDS if record_ids else ReportKind.ZERO
            at = _moment(quarter.next().start + timedelta(days=rng.randrange(0, 25)), rng)
            if at.date() > today:
                at = _moment(today, rng) - timedelta(hours=8)
            report_id = dataset._id("records.QuarterlyReport")
            reports.rows.append(
                (
                    report_id,
                    agency_id,
                    quarter.start,
                    kind,
                    len(record_ids),
                    head_name,
                    head_title,
                    1,
                    at,
                    at,
                    staff,
                )
            )
            versions.rows.append(
                (
                    dataset._id("records.ReportVersion"),
                    report_id,
                    1,
                    kind,
                    json.dumps(record_ids),
                    head_name,
                    head_title,
                    "",
                    staff,
                    at,
                )
            )
        first, through = latest_run({q.start for q in chosen})
        if through is not None:
            statuses.rows.append((agency_id, first, through, _moment(today, rng) - timedelta(days=1)))
