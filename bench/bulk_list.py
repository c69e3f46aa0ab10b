"""A body's bulk list of 20,000 rows, previewed and committed, beside plain writes of as many rows.

The list is a CSV as a certifier uploads it, for a national body of the benchmark's own (certified, serving
every state and agency type, one certifier): up to 19,000 agencies of the registry with a determination
date 60 days back, then unknown ORIs and repeated rows up to 20,000 (at scale 1 the registry has 18,000
agencies, so 1,000 of each; at scale 10, 19,000 ready rows and 500 of each). The two steps are the
services the web page and the API call:

- preview: ``reporting.services.upload_list`` (read the file, every row judged, the list and its 20,000
  rows stored, the audit row);
- commit: ``reporting.services.commit_list`` with the refused rows accepted (the list locked, every row
  judged again, every ready row an approved application with its findings, evidence and log, the rows
  linked, the outbox rows of the recompute, the audit row).

Each round runs both in one transaction that is rolled back at the end, after ``SET CONSTRAINTS ALL
IMMEDIATE`` (the foreign keys are deferred: their checks, which a COMMIT would run, are timed with the
step that made them). So every round starts from the same data and no run leaves 20,000 approvals behind;
what is not timed is the COMMIT's flush and the worker's recompute that the outbox rows ask for.

The floors, in a rolled-back transaction of their own: COPY of the same CSV (ORI, date, reference) into a
table shaped like the list's rows (preview), and one INSERT ... SELECT of the approved applications for the
ready rows (commit), each with its deferred checks.

    uv run python bench/run.py --reuse --only bulk_list --port 8401
"""

import time
from datetime import timedelta

ROWS = 20_000
READY_AT_MOST = 19_000
BODY_NAME = "Bulk List Benchmark Board"


class _Rollback(Exception):
    pass


def _body_and_certifier():
    """The benchmark's national body and its certifier, made once and kept (they hold nothing)."""
    from django.utils import timezone

    from accounts.models import Role, User
    from credentialing.dates import today
    from credentialing.models import BodyCertificationEvent, CertificationStatus, CredentialingBody

    body = CredentialingBody.objects.filter(name=BODY_NAME).first()
    if body is None:
        now = timezone.now()
        body = CredentialingBody.objects.create(
            name=BODY_NAME,
            abbreviation="BLBB",
            certification_status=CertificationStatus.CERTIFIED,
            certified_on=today(),
            certification_changed_at=now,
        )
        admin = User.objects.filter(role=Role.DOJ_ADMINISTRATOR).order_by("id").first()
        BodyCertificationEvent.objects.create(
            body=body,
            actor=admin,
            from_status=CertificationStatus.PENDING,
            to_status=CertificationStatus.CERTIFIED,
            note="Designated for the bulk list benchmark.",
            at=now,
        )
    certifier = User.objects.filter(credentialing_body=body).first()
    if certifier is None:
        certifier = User.objects.create_user(
            username="bulk-list-bench-certifier",
            email="bulk-list-bench@example.invalid",
            role=Role.CERTIFIER,
            credentialing_body=body,
        )
    return body, certifier


def build_list(rows: int) -> tuple[bytes, int]:
    """The CSV and how many of its rows are ready (agencies the body may approve)."""
    from agencies.models import Agency
    from credentialing.dates import today

    oris = list(Agency.objects.order_by("id").values_list("ori", flat=True)[: min(rows, READY_AT_MOST)])
    if len(oris) == rows:  # a tiny list (quick): keep a few refusals all the same
        oris = oris[: max(1, rows - rows // 20)]
    ready = len(oris)
    unknown = (rows - ready) // 2
    repeated = rows - ready - unknown
    determined = (today() - timedelta(days=60)).isoformat()
    lines = ["ORI,determination date,reference"]
    lines += [f"{ori},{determined},ACC-{n:06d}" for n, ori in enumerate(oris)]
    lines += [f"ZZ{n:07d},{determined},UNK-{n:06d}" for n in range(unknown)]
    lines += [f"{oris[n % ready]},{determined},DUP-{n:06d}" for n in range(repeated)]
    return ("\r\n".join(lines) + "\r\n").encode(), ready


def _deferred_checks() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _preview_and_commit(body, certifier, data: bytes) -> tuple[float, float, int, int]:
    import io

    from django.db import transaction

    from reporting.services import commit_list, upload_list

    preview = commit = 0.0
    ready = committed = 0
    try:
        with transaction.atomic():
            start = time.perf_counter()
            upload = upload_list(body=body, actor=certifier, file=io.BytesIO(data), filename="bench-list.csv")
            _deferred_checks()
            preview = time.perf_counter() - start
            ready = upload.bulk_list.ready_count
            start = time.perf_counter()
            done = commit_list(bulk_list=upload.bulk_list, actor=certifier, accept_refusals=True)
            _deferred_checks()
            commit = time.perf_counter() - start
            committed = done.committed_count or 0
            raise _Rollback
    except _Rollback:
        pass
    return preview, commit, ready, committed


_FLOOR_APPLICATIONS = """
INSERT INTO credentialing_credentialapplication (
    status, attests_legal_compliance, attests_chokehold_prohibition, notes, created_at, updated_at,
    submitted_at, status_changed_at, determination_date, expires_on, decision_note, agency_id,
    created_by_id, body_id
)
SELECT DISTINCT ON (a.id) 'approved', true, true, 'From list bench (body''s file ' || r.reference || ').',
       now(), now(), now(), now(), r.determination_date, r.determination_date + 1095, '', a.id, %s, %s
FROM bench_list_rows r JOIN agencies_agency a ON a.ori = r.ori
ORDER BY a.id, r.line
"""


def _floors(body, certifier, data: bytes) -> tuple[float, float, int]:
    from django.db import connection, transaction

    copied = inserted = 0.0
    rows = 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE bench_list_rows (line serial, ori varchar(100), determination_date date, "
                "reference varchar(100))"
            )
            start = time.perf_counter()
            with cursor.copy(
                "COPY bench_list_rows (ori, determination_date, reference) "
                "FROM STDIN WITH (FORMAT csv, HEADER)"
            ) as copy:
                copy.write(data)
            _deferred_checks()
            copied = time.perf_counter() - start
            start = time.perf_counter()
            cursor.execute(_FLOOR_APPLICATIONS, [certifier.pk, body.pk])
            rows = cursor.rowcount
            _deferred_checks()
            inserted = time.perf_counter() - start
            raise _Rollback
    except _Rollback:
        pass
    return copied, inserted, rows


def _seconds(value: float) -> str:
    return f"{value:.3f} s"


def _against_floor(
    table, measured: tuple[str, list[float]], floor: tuple[str, list[float]], ratio: str
) -> None:
    """A measure's row, its floor's and the ratio of their medians."""
    import statistics

    from bench.run import summary

    for label, samples in (measured, floor):
        table.add(label, *summary(samples, _seconds))
    table.add(ratio, f"{statistics.median(measured[1]) / statistics.median(floor[1]):.0f}x")


def measure_bulk_list(table, repeat: int, quick: bool) -> None:
    import tempfile

    from django.test import override_settings

    rows = 200 if quick else ROWS
    rounds = 1 if quick else max(2, min(5, repeat))
    body, certifier = _body_and_certifier()
    data, ready_rows = build_list(rows)
    previews, commits, copies, inserts = [], [], [], []
    ready = committed = floor_rows = 0
    # The stored file goes to a directory of its own: the rounds are rolled back, their files are not.
    with tempfile.TemporaryDirectory(prefix="bench-lists-") as media, override_settings(MEDIA_ROOT=media):
        for _ in range(rounds):
            preview, commit, ready, committed = _preview_and_commit(body, certifier, data)
            previews.append(preview)
            commits.append(commit)
            copied, inserted, floor_rows = _floors(body, certifier, data)
            copies.append(copied)
            inserts.append(inserted)
    what = f"{rows:,}-row bulk list ({ready:,} ready)"
    _against_floor(
        table,
        (f"{what}: preview (upload_list)", previews),
        (f"floor: COPY of the {rows:,} CSV rows into a table", copies),
        "ratio bulk list preview / COPY",
    )
    _against_floor(
        table,
        (f"{what}: commit (commit_list, {committed:,} approved)", commits),
        (f"floor: one INSERT ... SELECT of {floor_rows:,} approved applications", inserts),
        "ratio bulk list commit / INSERT",
    )
    if ready != ready_rows or committed != ready_rows:
        print(f"bulk list: {ready:,} ready and {committed:,} committed, {ready_rows:,} expected", flush=True)
