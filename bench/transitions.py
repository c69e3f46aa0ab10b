"""Transitions under load, set against the trivial write with the same clients (bench/run.py's throughput
measure), and putting the applications they moved back where they were so a data set can be used again.
"""

import csv
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from common.changes import agencies_changed
from credentialing.models import CredentialApplication, TransitionLog
from credentialing.states import ApplicationStatus

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
RESTORE_ACTION = "benchmark_restore"
RESTORE_NOTE = "Put back to submitted by the benchmark, so the data set can be measured again."
PREPARE_ACTION = "benchmark_prepare"
PREPARE_NOTE = "Put under review by the benchmark, to measure returns."


def restore_submitted(application_ids: Iterable[int]) -> int:
    """Put applications a benchmark moved on (under review, returned) back to submitted, in one
    transaction: the rows locked, one log row each saying so (the log is append-only, so the benchmark's
    own steps stay on the timeline), and their agencies' recompute asked for through the outbox, as for
    any change. The generated data sets have no evidence files, so the submit service cannot be used for
    this. Returns how many were put back."""
    return _move(
        application_ids,
        sources=(ApplicationStatus.UNDER_REVIEW, ApplicationStatus.RETURNED),
        target=ApplicationStatus.SUBMITTED,
        action=RESTORE_ACTION,
        note=RESTORE_NOTE,
    )


def put_under_review(application_ids: Iterable[int]) -> int:
    """Submitted applications put under review in one go, as restore_submitted does it, so that the
    returns can be measured without first driving a start_review for each through the servers."""
    return _move(
        application_ids,
        sources=(ApplicationStatus.SUBMITTED,),
        target=ApplicationStatus.UNDER_REVIEW,
        action=PREPARE_ACTION,
        note=PREPARE_NOTE,
    )


def _move(
    application_ids: Iterable[int], *, sources: tuple[str, ...], target: str, action: str, note: str
) -> int:
    ids = sorted(set(application_ids))
    if not ids:
        return 0
    now = timezone.now()
    with transaction.atomic():
        moved = list(
            CredentialApplication.objects.select_for_update(no_key=True, of=("self",))
            .filter(pk__in=ids, status__in=sources)
            .values_list("id", "agency_id", "status")
        )
        if not moved:
            return 0
        CredentialApplication.objects.filter(pk__in=[pk for pk, _, _ in moved]).update(
            status=target, status_changed_at=now, updated_at=now
        )
        TransitionLog.objects.bulk_create(
            TransitionLog(
                application_id=pk,
                actor=None,
                action=action,
                from_status=status,
                to_status=target,
                note=note,
                at=now,
            )
            for pk, _, status in moved
        )
        agencies_changed(agency_ids=[agency_id for _, agency_id, _ in moved])
    return len(moved)


# --- throughput against the trivial write ------------------------------------------------------------
class CpuMeter:
    """CPU time used by the servers of one benchmark run, read from /proc: the gunicorn processes bound to
    ``port``, the Celery workers named after it, and the PostgreSQL backends connected to ``database``
    (the client, locust, is left out). CPU time is what two shared cores run out of; unlike a rate, it
    hardly changes with what else the machine is doing, so a write's cost can be compared under load."""

    GROUPS = ("web", "worker", "database")

    def __init__(self, port: int, database: str) -> None:
        self.port, self.database = port, database
        self.tick = os.sysconf("SC_CLK_TCK")

    def _group(self, command: str) -> str | None:
        if "gunicorn" in command and f":{self.port}" in command:
            return "web"
        if "celery" in command and f"bench{self.port}" in command:
            return "worker"
        if command.startswith("postgres: ") and f" {self.database} " in command:
            return "database"
        return None

    def snapshot(self) -> dict[str, dict[int, float]]:
        seen: dict[str, dict[int, float]] = {group: {} for group in self.GROUPS}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                group = self._group(command)
                if group is None:
                    continue
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            seen[group][int(entry.name)] = (int(fields[11]) + int(fields[12])) / self.tick
        return seen

    @staticmethod
    def used(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict[str, float]:
        """Seconds of CPU per group between two snapshots (a process that ended in between is lost; the
        servers and the database connections live through a run)."""
        return {
            group: sum(spent - before[group].get(pid, 0.0) for pid, spent in after[group].items())
            for group in after
        }


@dataclass
class Round:
    rate: float
    failures: int
    median_ms: float
    p95_ms: float
    by_name: dict[str, int] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # seconds of CPU per group during the run
    done: int = 0  # answers that were 200
    ran_out_after: float | None = None  # seconds of work, when the jobs ran out before the run's end

    def cpu_ms_each(self) -> dict[str, float]:
        return {group: 1000 * spent / self.done for group, spent in self.cpu.items()} if self.done else {}


def _rounds_csv(prefix: Path) -> dict[str, dict[str, str]]:
    with Path(f"{prefix}_stats.csv").open() as handle:
        return {row["Name"]: row for row in csv.DictReader(handle)}


def _locust(
    base: str, mode: str, jobs: Path, seconds: int, users: int, out: Path, tag: str, meter: CpuMeter
) -> Round:
    """One locust run of ``users`` clients for ``seconds`` s; the answers that were 200 per second, and the
    latency percentiles locust kept for them."""
    prefix = out / f"locust-{tag}"
    times = out / f"locust-{tag}-times.json"
    times.unlink(missing_ok=True)
    env = {**os.environ, "BENCH_MODE": mode, "BENCH_JOBS": str(jobs), "BENCH_TIMES": str(times)}
    before = meter.snapshot()
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
         "-r", str(users), "-t", f"{seconds}s", "--host", base, "--csv", str(prefix), "--only-summary",
         "--loglevel", "WARNING"],
        cwd=LOCUSTFILE.parent.parent, env=env, check=False,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=seconds + 60,
    )  # fmt: skip
    # The worker may still be recomputing what the run changed: that is the run's cost too.
    _quiet_outbox(mark_sent=False)
    cpu = CpuMeter.used(before, meter.snapshot())
    rows = _rounds_csv(prefix)
    total = rows.get("Aggregated", {})
    requests = int(total.get("Request Count", 0) or 0)
    failures = int(total.get("Failure Count", 0) or 0)
    by_name = {
        name: int(row["Request Count"]) - int(row["Failure Count"])
        for name, row in rows.items()
        if name != "Aggregated"
    }

    def percentile(column: str) -> float:
        value = total.get(column, "")
        return float(value) if value not in ("", "N/A") else 0.0

    # A list used up before the end: the rate over the seconds there was work (to the last answer).
    stamps = json.loads(times.read_text()) if times.exists() else {}
    worked = stamps["last_answer"] - stamps["started"] if "last_answer" in stamps else None
    return Round(
        rate=(requests - failures) / (worked or seconds),
        done=requests - failures,
        ran_out_after=worked,
        failures=failures,
        median_ms=percentile("50%"),
        p95_ms=percentile("95%"),
        by_name=by_name,
        cpu=cpu,
    )


def _transition_jobs(path: Path, pool: list[CredentialApplication], action: str) -> None:
    """``action`` (start_review, return) on every application of the pool, each by a certifier of its
    body. One action a list: at scale 1 a fast machine gets through the pool's 1,300 applications within
    a round, and a list that went on with other transitions would measure a different mix at each scale;
    a list used up is measured over the seconds it lasted (see _locust)."""
    from bench.run import token_for

    certifiers: dict[int, str] = {}
    for application in pool:
        if application.body_id not in certifiers:
            certifier = User.objects.filter(credentialing_body_id=application.body_id).order_by("id").first()
            certifiers[application.body_id] = token_for(certifier)
    path.write_text("".join(f"{action},{a.pk},{certifiers[a.body_id]}\n" for a in pool))


def _quiet_outbox(timeout: float = 60, mark_sent: bool = True) -> None:
    """Wait until the worker has taken every pending recompute, and mark the returns' notifications
    sent, so that a round starts with neither left from the round before."""
    from bench.run import wait_until
    from grants.models import RecomputeRequest
    from notifications.models import Delivery, Notification

    wait_until(lambda: not RecomputeRequest.objects.exists(), timeout=timeout, pause=0.05)
    if not mark_sent:
        return
    Notification.objects.filter(delivery=Delivery.PENDING, key__contains=":return:").update(
        delivery=Delivery.SENT
    )


def _settle() -> None:
    """Vacuum what a pair of rounds churns, as autovacuum (off on the machines the benchmark runs on, on
    in production) would by the next pair: a round moves the same applications and puts them back, each
    update a dead row and an entry in every index of the table. Some 18,000 updates a run are half the
    35,000 applications of scale 1 and a twentieth of scale 10's: left, they tax every later round of the
    small data set only."""
    from bench.run import vacuum
    from grants.models import AgencyEligibility, RecomputeRequest
    from notifications.models import Notification

    vacuum(*(model._meta.db_table for model in (CredentialApplication, TransitionLog, RecomputeRequest,
                                                 AgencyEligibility, Notification)))  # fmt: skip


def measure_throughput(table, base: str, quick: bool, out: Path) -> None:
    """Transitions (start_review) and the trivial write with the same clients (users, duration), in the
    same run, in alternating order, ``rounds`` times; then one pair more with returns, the transition that
    also tells the agency's staff. The applications moved are put back between rounds."""
    from bench.run import remove_notifications, token_for, transition_pool, unread_notifications

    seconds, users, rounds = (3, 4, 1) if quick else (15, 16, 5)
    meter = CpuMeter(int(base.rsplit(":", 1)[1]), connection.settings_dict["NAME"])
    pool = transition_pool(100_000, basis_only=False)
    if not pool:
        table.add("throughput: transitions / trivial write", "n/a (no submitted application)")
        return
    writer = User.objects.filter(role=Role.GRANT_OFFICER).order_by("id").first()
    writer_token = token_for(writer)
    transition_jobs = out / "transitions.csv"
    writes_jobs = out / "writes.csv"

    def pair(number: int, action: str, length: int, tag: str) -> tuple[Round, Round]:
        """One round of ``action`` and one of the trivial write, in the order the number gives."""
        _quiet_outbox()
        if action == "return":
            put_under_review(a.pk for a in pool)
            _quiet_outbox()
        _settle()
        _transition_jobs(transition_jobs, pool, action)
        run, unread = unread_notifications(writer, 400 * length)
        writes_jobs.write_text("".join(f"write,{n.pk},{writer_token}\n" for n in unread))
        order = ("write", "transition") if number % 2 == 0 else ("transition", "write")
        done: dict[str, Round] = {}
        try:
            for mode in order:
                jobs = writes_jobs if mode == "write" else transition_jobs
                done[mode] = _locust(base, mode, jobs, length, users, out, f"{tag}{mode}-{number}", meter)
        finally:
            remove_notifications(run)
            _quiet_outbox()
            restore_submitted(a.pk for a in pool)
        return done["transition"], done["write"]

    # A short pair, not counted: the first transitions after the servers start pay for code paths, plans
    # and the worker's first tasks that every later one finds ready.
    pair(0, "start_review", max(3, seconds // 3), "warm-")
    writes, transitions = [], []
    for number in range(rounds):
        transition, write = pair(number, "start_review", seconds, "")
        transitions.append(transition)
        writes.append(write)
    _report(table, writes, transitions, users, seconds, len(pool))
    returned, write = pair(1, "return", seconds, "returns-")
    _quiet_outbox()  # the data set left with every flag settled, for the next measure or run
    _report_returns(table, returned, write)


def _report(
    table, writes: list[Round], transitions: list[Round], users: int, seconds: int, pool: int
) -> None:
    def med(values: list[float]) -> float:
        return statistics.median(values) if values else 0.0

    # A round in which locust answered nothing did not run (on a machine loaded far beyond its cores,
    # locust has been seen not to start its users within the run's seconds): it is shown, not counted.
    pairs = [(t, w) for t, w in zip(transitions, writes, strict=False) if t.rate and w.rate]
    if len(pairs) < len(writes):
        table.add(
            "throughput: rounds not counted (no answer at all in one of the pair)",
            f"{len(writes) - len(pairs)} of {len(writes)}",
        )
    shown_t, shown_w = transitions, writes
    transitions, writes = [t for t, _ in pairs], [w for _, w in pairs]
    how = f"{users} users, {seconds} s, {len(writes)} round(s) alternating"
    mix: dict[str, int] = {}
    for result in transitions:
        for name, count in result.by_name.items():
            mix[name] = mix.get(name, 0) + count
    rates = ", ".join(f"{r.rate:.0f}{_used_up(r)}" for r in shown_t)
    table.add(
        f"throughput: transitions/s ({how})",
        f"{med([r.rate for r in transitions]):.0f}/s",
        f"rounds {rates}; "
        + ", ".join(f"{n} {name}" for name, n in sorted(mix.items()))
        + f" of a pool of {pool:,}; {sum(r.failures for r in transitions)} failed",
    )
    table.add(
        "throughput: trivial write POST notifications/<id>/read/ (same clients)",
        f"{med([r.rate for r in writes]):.0f}/s",
        "rounds "
        + ", ".join(f"{r.rate:.0f}{_used_up(r)}" for r in shown_w)
        + f"; {sum(r.failures for r in writes)} "
        "failed",
    )
    ratios = [t.rate / w.rate for t, w in zip(transitions, writes, strict=False) if w.rate]
    table.add(
        "ratio transitions / trivial write (same run)",
        f"{med(ratios):.0%}",
        "rounds " + ", ".join(f"{r:.0%}" for r in ratios),
        ">= 60%",
    )
    tails = [t.p95_ms / t.median_ms for t in transitions if t.median_ms]
    table.add(
        "transition under that load: median, p95 (locust)",
        f"{med([t.median_ms for t in transitions]):.0f} ms",
        f"p95 {med([t.p95_ms for t in transitions]):.0f} ms = {med(tails):.1f}x median "
        "(rounds " + ", ".join(f"{x:.1f}x" for x in tails) + ")",
        "p95 <= 2x median",
    )
    for label, results in (("transition", transitions), ("trivial write", writes)):
        each = [r.cpu_ms_each() for r in results if r.rate]
        if not each:
            continue
        parts = {group: med([e.get(group, 0.0) for e in each]) for group in CpuMeter.GROUPS}
        table.add(
            f"CPU per {label} (servers; web + worker + database)",
            f"{med([sum(e.values()) for e in each]):.1f} ms",
            ", ".join(f"{group} {spent:.1f} ms" for group, spent in parts.items()),
        )
    totals = [
        sum(w.cpu_ms_each().values()) / sum(t.cpu_ms_each().values())
        for t, w in zip(transitions, writes, strict=False)
        if t.rate and w.rate and sum(t.cpu_ms_each().values())
    ]
    if totals:
        table.add(
            "ratio CPU per trivial write / CPU per transition",
            f"{med(totals):.0%}",
            "the throughput ratio two saturated cores would give; rounds "
            + ", ".join(f"{x:.0%}" for x in totals),
        )
    write_tails = [w.p95_ms / w.median_ms for w in writes if w.median_ms]
    table.add(
        "trivial write under that load: median, p95 (locust)",
        f"{med([w.median_ms for w in writes]):.0f} ms",
        f"p95 {med([w.p95_ms for w in writes]):.0f} ms = {med(write_tails):.1f}x median",
    )


def _used_up(result: Round) -> str:
    return f" (list used up after {result.ran_out_after:.1f} s)" if result.ran_out_after else ""


def _report_returns(table, returned: Round, write: Round) -> None:
    """The pair with returns: a return also writes a notice to each of the agency's staff and has it
    e-mailed by the worker, so it is shown on its own rows rather than mixed into the transitions'."""
    if not (returned.rate and write.rate):
        table.add("throughput: returns (no answer in one of the pair)", "n/a")
        return
    table.add(
        "throughput: returns/s (also tell the agency's staff; 1 round, same clients)",
        f"{returned.rate:.0f}/s{_used_up(returned)}",
        f"{returned.done} return; {returned.failures} failed; "
        f"trivial write {write.rate:.0f}/s{_used_up(write)} in the same pair",
    )
    table.add("ratio returns / trivial write (same pair)", f"{returned.rate / write.rate:.0%}")
    each = returned.cpu_ms_each()
    table.add(
        "CPU per return (servers; web + worker + database)",
        f"{sum(each.values()):.1f} ms",
        ", ".join(f"{group} {each.get(group, 0.0):.1f} ms" for group in CpuMeter.GROUPS),
    )
