"""Deadline day: many agencies submitting at once while grant officers read their applicants.

50 agency users (one staff account of one agency each, its own API token) submit 2,000 complete drafts
over 60 seconds, paced evenly, while grant officers page through a program's applicants (API and HTML).
Reported: the submissions achieved and how many started late, the submit POST's latency, the reads'
latency, the flag lag after each submission, and an end check of every agency's stored flag against the
rule.

Flag lag of one submission: from its response (an upper bound of its commit) until the agency has no
outbox row requested at or before that response. A recompute deletes exactly the rows it has covered in the
transaction that stores the flag, so the row's absence means a recompute that saw the submission has
committed, whether or not the flag changed. The watcher polls every few milliseconds, so each lag is
over-stated by at most one poll.

    uv run python bench/deadline_day.py --scale 0.1          # starts its own servers through bench/run.py
    uv run python bench/run.py --only deadline --reuse       # the same, on data already generated
"""

import secrets
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LATE = 1.0  # seconds after its slot that a submission counts as late
POLL = 0.01  # the watcher's pause between two looks at the outbox


@dataclass
class Submission:
    application_id: int
    agency_id: int
    slot: float  # perf_counter time it was due
    started: float = 0.0
    answered_wall: float = 0.0  # time.time() of the response, comparable with requested_at
    answered: float = 0.0
    latency: float = 0.0
    status: int = 0
    lag: float | None = None


@dataclass
class Reads:
    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


def _national_bodies(count: int):
    """Certified national bodies of this run: an agency has one open application per body, so 40 drafts
    of one agency need 40 bodies. Named after the run, so a second run never meets the first one's."""
    from django.utils import timezone

    from accounts.models import Role, User
    from common.generations import bump
    from credentialing.dates import today
    from credentialing.models import BodyCertificationEvent, CertificationStatus, CredentialingBody
    from credentialing.selectors import BODIES_GENERATION

    run = secrets.token_hex(3)
    now = timezone.now()
    bodies = CredentialingBody.objects.bulk_create(
        CredentialingBody(
            name=f"Deadline Day Credentialing Board {run}-{number}",
            abbreviation=f"DD{run}{number}"[:20],
            certification_status=CertificationStatus.CERTIFIED,
            certified_on=today(),
            certification_changed_at=now,
        )
        for number in range(count)
    )
    bump(BODIES_GENERATION)  # written around the registry: the filter forms offer them from now on
    admin = User.objects.filter(role=Role.DOJ_ADMINISTRATOR).order_by("id").first()
    BodyCertificationEvent.objects.bulk_create(
        BodyCertificationEvent(
            body=body,
            actor=admin,
            from_status=CertificationStatus.PENDING,
            to_status=CertificationStatus.CERTIFIED,
            note="Designated for the deadline-day benchmark.",
            at=now,
        )
        for body in bodies
    )
    return bodies


def _queued() -> int:
    """Messages waiting in the worker's queue (Redis list)."""
    from config.celery import app

    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen(app.conf.task_default_queue)


def prepare(users: int, per_agency: int):
    """Untimed: ``users`` agencies with a staff account each, ``per_agency`` complete drafts each (created
    through the service, attestations given, the two required documents attached), all ready to submit."""
    from django.utils.timezone import now

    from accounts.models import Role, User
    from bench.run import wait_until
    from credentialing import services as credentialing
    from credentialing.models import REQUIRED_EVIDENCE, CredentialApplication, EvidenceDocument
    from credentialing.services.applications import submission_checklist
    from grants import services as grants
    from grants.models import RecomputeRequest
    from notifications.models import Delivery, Notification

    # Start from right flags and an empty outbox: rows left by an interrupted run have no message behind
    # them and would wait for the periodic relay.
    grants.recompute_all_eligibility()
    staff: dict[int, User] = {}
    for user in (
        User.objects.filter(role=Role.AGENCY_STAFF, is_active=True, agency__isnull=False)
        .select_related("agency")
        .order_by("agency_id", "id")
    ):
        staff.setdefault(user.agency_id, user)
        if len(staff) == users:
            break
    bodies = _national_bodies(per_agency)
    drafts: dict[int, list[int]] = {}
    for agency_id, user in staff.items():
        drafts[agency_id] = [
            credentialing.create_application(
                agency=user.agency,
                body=body,
                actor=user,
                attests_legal_compliance=True,
                attests_chokehold_prohibition=True,
            ).pk
            for body in bodies
        ]
    # The rows attach_document leaves, in bulk; the submit rule reads the rows, not the files' bytes.
    EvidenceDocument.objects.bulk_create(
        EvidenceDocument(
            application_id=application_id,
            kind=kind,
            file=f"evidence/{application_id}/{kind}.pdf",
            original_name=f"{kind}.pdf",
            content_type="application/pdf",
            size_bytes=1024,
            sha256="0" * 64,
            uploaded_by=staff[agency_id],
        )
        for agency_id, ids in drafts.items()
        for application_id in ids
        for kind in REQUIRED_EVIDENCE
    )
    first = next(iter(drafts.values()))[0]
    checklist = submission_checklist(CredentialApplication.objects.get(pk=first))
    assert all(item.done for item in checklist), checklist
    # The e-mails the generated history left waiting would have gone out long before deadline day; sent
    # now, one task would hold the single worker for minutes and every recompute would queue behind it.
    Notification.objects.filter(delivery=Delivery.PENDING).update(delivery=Delivery.SENT, emailed_at=now())
    # The drafts' own recomputes (and the worker's queue) are done before the clock starts.
    wait_until(lambda: not RecomputeRequest.objects.exists() and not _queued(), timeout=600, pause=0.1)
    return staff, drafts


def _agency_user(base: str, token: str, jobs: list[Submission], start: float) -> None:
    from bench.run import http

    for job in jobs:
        pause = start + job.slot - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        job.started = time.perf_counter() - start
        job.status, job.latency = http(
            "POST",
            f"{base}/api/v1/applications/{job.application_id}/submit/",
            {"Authorization": f"Token {token}"},
        )
        job.answered_wall = time.time()
        job.answered = time.perf_counter()


def _grant_officer(base: str, paths: list[tuple[str, dict[str, str]]], stop: threading.Event, reads: Reads):
    from bench.run import http

    turn = 0
    while not stop.is_set():
        path, headers = paths[turn % len(paths)]
        status, latency = http("GET", base + path, headers)
        reads.latencies.append(latency)
        reads.statuses.append(status)
        turn += 1


def _watch(submissions: list[Submission], stop: threading.Event) -> None:
    """Each submission's lag: the first look at the outbox, begun after its response, that finds no row of
    its agency requested at or before that response."""
    from django.db import connection
    from django.db.models import Min

    from grants.models import RecomputeRequest

    agency_ids = sorted({s.agency_id for s in submissions})
    waiting = list(submissions)
    try:
        while waiting and not stop.is_set():
            looked_wall = time.time()
            oldest = {
                row["agency_id"]: row["oldest"].timestamp()
                for row in RecomputeRequest.objects.filter(agency_id__in=agency_ids)
                .values("agency_id")
                .annotate(oldest=Min("requested_at"))
            }
            seen = time.perf_counter()
            still = []
            for job in waiting:
                answered_before = bool(job.answered_wall) and job.answered_wall <= looked_wall
                pending = job.agency_id in oldest and oldest[job.agency_id] <= job.answered_wall
                if answered_before and not pending:
                    job.lag = seen - job.answered
                else:
                    still.append(job)
            waiting = still
            time.sleep(POLL)
    finally:
        connection.close()


def end_check() -> tuple[int, int, list[int]]:
    """Every agency's stored flag, basis, reason and application against the rule over committed facts:
    (right, total, the wrong or missing agencies)."""
    from credentialing.dates import today
    from grants.eligibility import evaluate
    from grants.facts import load_facts, load_runs
    from grants.models import AgencyEligibility

    agency_types, facts = load_facts(None)
    runs = load_runs(None)
    stored = {
        row[0]: row[1:]
        for row in AgencyEligibility.objects.values_list(
            "agency_id", "eligible", "basis", "reason", "application_id"
        )
    }
    wrong = []
    for agency_id, agency_type in agency_types.items():
        kwargs = {"run": runs[agency_id]} if agency_id in runs else {}
        result = evaluate(
            agency_type=agency_type, applications=facts.get(agency_id, ()), today=today(), **kwargs
        )
        if stored.get(agency_id) != (result.eligible, result.basis, result.reason, result.application_id):
            wrong.append(agency_id)
    return len(agency_types) - len(wrong), len(agency_types), wrong


def measure_deadline_day(table, base: str, quick: bool) -> None:

    from accounts.models import Role, User
    from bench.run import largest_program, ms, p95, session_cookie, summary, token_for, wait_until
    from credentialing.models import CredentialApplication
    from credentialing.states import ApplicationStatus
    from grants.models import RecomputeRequest

    wanted_users, per_agency, seconds, officers = (10, 10, 5.0, 2) if quick else (50, 40, 60.0, 5)
    started = time.perf_counter()
    staff, drafts = prepare(wanted_users, per_agency)
    users = len(staff)
    print(
        f"deadline day: {users} agencies x {per_agency} drafts ready in {time.perf_counter() - started:.1f} s"
    )

    # Submission i is due at i * seconds / total, the agencies taking turns.
    total = users * per_agency
    agencies = list(drafts)
    jobs: dict[int, list[Submission]] = {agency_id: [] for agency_id in agencies}
    submissions = []
    for number in range(total):
        agency_id = agencies[number % users]
        job = Submission(drafts[agency_id][number // users], agency_id, number * seconds / total)
        jobs[agency_id].append(job)
        submissions.append(job)

    program = largest_program()
    readers = list(User.objects.filter(role=Role.GRANT_OFFICER, is_active=True).order_by("id")[:officers])
    read_paths = []
    for officer in readers:
        read_paths.append(
            [
                (
                    f"/api/v1/programs/{program.pk}/applicants/?page_size=50",
                    {"Authorization": f"Token {token_for(officer)}", "Accept": "application/json"},
                ),
                (f"/programs/{program.pk}/applicants/?page_size=50", {"Cookie": session_cookie(officer)}),
            ]
        )
    tokens = {agency_id: token_for(user) for agency_id, user in staff.items()}

    stop_reads, stop_watch = threading.Event(), threading.Event()
    reads = [Reads() for _ in read_paths]
    start = time.perf_counter()
    threads = [
        threading.Thread(target=_agency_user, args=(base, tokens[a], jobs[a], start)) for a in agencies
    ]
    officer_threads = [
        threading.Thread(target=_grant_officer, args=(base, paths, stop_reads, got))
        for paths, got in zip(read_paths, reads, strict=True)
    ]
    watcher = threading.Thread(target=_watch, args=(submissions, stop_watch), daemon=True)
    for thread in [watcher, *officer_threads, *threads]:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    stop_reads.set()
    for thread in officer_threads:
        thread.join()
    # The worker may be far behind at the end: the end check waits for it, within a bound.
    drained = wait_until(lambda: not RecomputeRequest.objects.exists(), timeout=600, pause=0.05)
    time.sleep(0.2)  # the watcher's last look
    stop_watch.set()
    watcher.join()

    ok = [s for s in submissions if s.status == 200]
    errors = [s for s in submissions if s.status >= 500]
    late = sum(s.started - s.slot > LATE for s in submissions)
    rate = len(ok) / elapsed if elapsed else 0.0
    table.add(
        f"deadline day: submissions by {users} agency users ({total:,} due in {seconds:.0f} s)",
        f"{len(ok):,} of {total:,} in {elapsed:.1f} s = {rate:.1f}/s",
        f"{late:,} started > {LATE:.0f} s late, {len(submissions) - len(ok)} not 200, {len(errors)} 5xx",
        f"{total / seconds:.0f}/s, 0 errors",
    )
    latencies = [s.latency for s in submissions]
    median, spread = summary(latencies)
    table.add("deadline day: submit POST", median, spread + f", p95 {ms(p95(latencies))}", "p95 <= 3x median")
    all_reads = [latency for got in reads for latency in got.latencies]
    read_statuses = [status for got in reads for status in got.statuses]
    median, spread = summary(all_reads)
    table.add(
        f"deadline day: applicants page of 50 read meanwhile ({len(readers)} officers, API + HTML)",
        median,
        spread + f", p95 {ms(p95(all_reads)) if all_reads else 'n/a'}, {len(all_reads):,} reads, "
        f"{sum(s != 200 for s in read_statuses)} not 200",
    )
    lags = [s.lag for s in submissions if s.lag is not None]
    never = len(submissions) - len(lags)
    median, _ = summary(lags)
    table.add(
        "deadline day: flag lag after the response (outbox row consumed)",
        median,
        f"p95 {ms(p95(lags)) if lags else 'n/a'}, max {ms(max(lags)) if lags else 'n/a'}, {never} never",
        "p95 < 1 s",
    )

    right, agencies_total, wrong = end_check()
    submitted = CredentialApplication.objects.filter(
        pk__in=[s.application_id for s in ok], status=ApplicationStatus.SUBMITTED
    ).count()
    lost = (len(ok) - submitted) + len(set(wrong) & set(drafts)) + never
    table.add(
        "deadline day: end check, every flag against the rule",
        f"{right:,} of {agencies_total:,} right, {lost} lost",
        f"{len(wrong)} wrong, outbox "
        + (f"empty {drained:.1f} s after the last answer, " if drained is not None else "NOT empty, ")
        + f"{submitted:,} of {len(ok):,} answered 200 are submitted",
        "0 lost",
    )
    if wrong:
        print(f"deadline day: wrong flags for agencies {wrong[:20]}", flush=True)


if __name__ == "__main__":
    from bench import run

    sys.argv[1:1] = ["--only", "deadline"]
    run.main()
