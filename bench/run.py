"""National-scale benchmark: generates the data set, starts gunicorn and a Celery worker on loopback, measures
the grant officer's list, transitions and the worker's flag updates, the set-wise recompute against its SQL
floor, a national body's revocation and sustained transition throughput, then prints one table.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \
        uv run python bench/run.py --scale 1 --repeat 7

Every figure is a median over repeated runs with its spread (min-max). Targets are shown, never asserted.
The script empties and regenerates the database it is pointed at: never point it at one you care about.
"""

import argparse
import csv
import json
import os
import platform
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The servers and this script sign sessions with the same key, so the sessions made here are valid there.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from agencies.models import Agency  # noqa: E402
from bench.bulk_list import measure_bulk_list  # noqa: E402
from bench.deadline_day import measure_deadline_day  # noqa: E402
from bench.hiring_national import measure_hiring_national  # noqa: E402
from bench.public_load import measure_public_load  # noqa: E402
from bench.recompute_floor import run_floor, stored_flags  # noqa: E402
from config.celery import app as celery_app  # noqa: E402
from credentialing import services as credentialing  # noqa: E402
from credentialing.models import CertificationStatus, CredentialApplication, CredentialingBody  # noqa: E402
from credentialing.selectors import agencies_depending_on_body  # noqa: E402
from credentialing.states import ApplicationStatus  # noqa: E402
from grants import services as grants  # noqa: E402
from grants.backlog import outbox_empty  # noqa: E402
from grants.eligibility import evaluate  # noqa: E402
from grants.facts import load_facts  # noqa: E402
from grants.models import AgencyEligibility, GrantProgram  # noqa: E402
from grants.selectors import applicants_of, program_eligibility  # noqa: E402
from records.models import UseOfForceRecord  # noqa: E402
from records.services.checks import run_hiring_check  # noqa: E402

MISSING = "n/a (route missing)"
# The measures, in the order they run; ``--only`` picks some of them.
MEASURES = [
    "applicants",
    "dashboards",
    "transition",
    "recompute",
    "hiring",
    "sec3d",
    "revocation",
    "throughput",
    "deadline",
    "public",
    "hiring_national",
    "bulk_list",
]


# --- figures -----------------------------------------------------------------------------------
class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, value: str, spread: str = "", target: str = "") -> None:
        self.rows.append((what, value, spread, target))
        print(f"  {what}: {value} {spread}", flush=True)

    def render(self) -> str:
        header = ("measure", "median", "spread (min-max)", "target")
        widths = [max(len(r[i]) for r in [header, *self.rows]) for i in range(4)]
        lines = [
            "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
            "|" + "|".join("-" * (w + 2) for w in widths) + "|",
        ]
        for row in self.rows:
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
        return "\n".join(lines)

    def save(self, path: Path, **about: object) -> None:
        """The rows and what the run ran on, for ``bench/compare.py`` to set two runs side by side."""
        rows = [dict(zip(("measure", "median", "spread", "target"), row, strict=True)) for row in self.rows]
        path.write_text(json.dumps({**about, "rows": rows}, indent=1) + "\n")


class LoadSampler:
    """The one-minute load average every 30 s while the run lasts: a figure means little on a busy host."""

    def __init__(self, every: float = 30) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(every,), daemon=True)

    def _run(self, every: float) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(every):
                return

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def describe(self) -> str:
        if not self.samples:
            return "load average not sampled"
        return (
            f"one-minute load average {min(self.samples):.1f}-{max(self.samples):.1f} "
            f"({self.samples[0]:.1f} at the start, {self.samples[-1]:.1f} at the end, "
            f"{len(self.samples)} samples)"
        )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def summary(samples: list[float], fmt: Callable[[float], str] = ms) -> tuple[str, str]:
    if not samples:
        return "n/a", ""
    return fmt(statistics.median(samples)), f"{fmt(min(samples))} - {fmt(max(samples))}"


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def vacuum(*tables: str) -> None:
    """What autovacuum would have done by then: the benchmark rewrites whole tables between rounds."""
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")


def capture() -> CaptureQueriesContext:
    connection.queries_log.clear()  # a full log (9,000 entries) would make the count read 0
    return CaptureQueriesContext(connection)


def timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


# --- processes ---------------------------------------------------------------------------------
def free_port(start: int) -> int:
    for port in range(start, start + 99):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"no free port in {start}-{start + 98}")


# The servers run as in production (no query log, persistent database connections, hashed static files),
# except that loopback has no TLS in front of them.
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": os.environ["SECRET_KEY"],
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "CONN_MAX_AGE": "60",
    # One token drives the whole load: the per-user rate limit would measure itself, not the servers.
    "API_USER_RATE": "1000000/min",
    # No result backend, as in production (only the test suite's worker tests read results): with one,
    # every enqueue also subscribes to its result and every task stores one, which nobody reads.
    "CELERY_RESULT_BACKEND": "",
}


class Processes:
    """The servers this script starts, each in its own process group, always stopped at the end."""

    def __init__(self) -> None:
        self.started: list[subprocess.Popen] = []

    def start(self, args: list[str], log: Path) -> subprocess.Popen:
        env = {**os.environ, **SERVER_ENV, "PYTHONUNBUFFERED": "1"}
        handle = log.open("w")
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append(process)
        return process

    def start_worker(self, name: str, log: Path, queue: str = "") -> subprocess.Popen:
        """One Celery worker (solo pool) on an empty queue: a task left from an earlier run would skew the
        figures. ``queue`` picks one queue, as production runs them; by default it serves every queue."""
        with celery_app.connection_for_write() as conn:
            for known in celery_app.conf.task_queues:
                conn.default_channel.queue_purge(known.name)
        return self.start(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-c", "1",
             "-l", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "-n", f"{name}@%h", *(["-Q", queue] if queue else [])],
            log,
        )  # fmt: skip

    def start_workers(self, name: str, out: Path) -> None:
        """The production split: one worker for flags (the default queue), one for e-mail."""
        self.start_worker(name, out / "worker.log", queue=celery_app.conf.task_default_queue)
        self.start_worker(f"{name}-mail", out / "mail-worker.log", queue="notifications")

    def stop(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def wait_http(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/v1/schema/", timeout=2).close()  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer on " + base)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect (to the sign-in page, say) is an answer to report, not one to follow."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def http(method: str, url: str, headers: dict[str, str]) -> tuple[int, float]:
    request = urllib.request.Request(url, method=method, headers=headers)  # noqa: S310 - loopback only
    start = time.perf_counter()
    try:
        with _OPENER.open(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        error.read()
        status = error.code
    return status, time.perf_counter() - start


# --- set-up ------------------------------------------------------------------------------------
def session_cookie(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # Past the second sign-in step, as a right code leaves the session: else every page redirects there.
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=True
    )
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.create()
    return f"sessionid={store.session_key}"


_TOKENS: dict[int, str] = {}


def token_for(user: User) -> str:
    """One key per user for the run (only its hash is stored, so it is kept here)."""
    if user.pk not in _TOKENS:
        _TOKENS[user.pk] = AuthToken.objects.create(user=user)[1]
    return _TOKENS[user.pk]


def wait_until(predicate: Callable[[], bool], timeout: float, pause: float = 0.002) -> float | None:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(pause)
    return None


def flags_right(agency_ids: list[int]) -> bool:
    """Every listed agency's stored flag equals what the rule says from committed facts."""
    agency_types, facts = load_facts(agency_ids)
    stored = {
        row[0]: row[1:]
        for row in AgencyEligibility.objects.filter(agency_id__in=agency_ids).values_list(
            "agency_id", "eligible", "basis", "reason", "application_id"
        )
    }
    for agency_id, agency_type in agency_types.items():
        result = evaluate(agency_type=agency_type, applications=facts.get(agency_id, ()), today=_today())
        if stored.get(agency_id) != (result.eligible, result.basis, result.reason, result.application_id):
            return False
    return True


def _today():
    from credentialing.dates import today

    return today()


# --- the measures ------------------------------------------------------------------------------
def measure_applicant_list(
    table: Table, base: str, repeat: int, program: GrantProgram, officer: User
) -> None:
    """Each page beside its floor: the same server's trivial endpoint (``GET /api/v1/me/``, signed in the
    same way) plus the page's own selector query, both measured here in the same run. A request is cheap,
    so each figure takes at least 20 samples: with 5, a "p95" is just the slowest one."""
    repeat = max(20, repeat)
    token, cookie = token_for(officer), session_cookie(officer)
    trivial = {
        label: [http("GET", base + "/api/v1/me/", headers)[1] for _ in range(repeat)]
        for label, headers in (("API", {"Authorization": f"Token {token}"}), ("HTML", {"Cookie": cookie}))
    }
    for label, samples in trivial.items():
        median, spread = summary(samples)
        how = "token" if label == "API" else "session cookie"
        table.add(f"trivial endpoint GET /api/v1/me/ ({how})", median, spread + f", p95 {ms(p95(samples))}")
    for size in (50, 500):
        samples, queries = [], 0
        # One untimed run first: the first read of a cold table measures the disk, not the page.
        list(applicants_of(program).filter(is_eligible=True).order_by("agency_name", "id")[:size])
        for _ in range(repeat):
            with capture() as captured:
                start = time.perf_counter()
                rows = list(
                    applicants_of(program).filter(is_eligible=True).order_by("agency_name", "id")[:size]
                )
                samples.append(time.perf_counter() - start)
            queries = len(captured)
        target = "p95 < 50 ms, <= 8 queries" if size == 50 else "<= 8 queries"
        selector = samples
        median, spread = summary(samples)
        table.add(
            f"applicant list selector, {size} rows ({len(rows)} got)",
            f"{median}, {queries} queries",
            spread + f", p95 {ms(p95(samples))}",
            target,
        )
        routes = {
            "API": (
                f"/api/v1/programs/{program.pk}/applicants/?eligible=true&page_size={size}",
                {"Authorization": f"Token {token}", "Accept": "application/json"},
            ),
            "HTML": (
                f"/programs/{program.pk}/applicants/?eligible=yes&page_size={size}",
                {"Cookie": cookie},
            ),
        }
        for label, (path, headers) in routes.items():
            status, _ = http("GET", base + path, headers)
            if status == 404:
                table.add(f"applicant list {label}, page of {size}", MISSING, "", target)
                continue
            samples = [http("GET", base + path, headers)[1] for _ in range(repeat)]
            with capture() as captured:
                # Signed in as the servers see it: the token, or the session past its second factor
                # (a bare force_login is sent to the second sign-in step, or refused by the API).
                if label == "API":
                    answered = Client().get(path, HTTP_AUTHORIZATION=headers["Authorization"])
                else:
                    answered = Client().get(path, HTTP_COOKIE=cookie)
            if answered.status_code != 200:
                raise SystemExit(f"{path} answered {answered.status_code} in process, not the page")
            median, spread = summary(samples)
            table.add(
                f"applicant list {label}, page of {size} (HTTP {status})",
                f"{median}, {len(captured)} queries",
                spread + f", p95 {ms(p95(samples))}",
                target,
            )
            floor_median = statistics.median(trivial[label]) + statistics.median(selector)
            floor_p95 = p95(trivial[label]) + p95(selector)
            goal = "p95 <= 1.5x" if size == 50 else "p95 <= 2x"
            table.add(
                f"ratio {label} page of {size} / floor (me + selector)",
                f"{statistics.median(samples) / floor_median:.1f}x",
                f"p95 {p95(samples) / floor_p95:.1f}x (floor {ms(floor_median)}, p95 {ms(floor_p95)})",
                goal,
            )


def measure_dashboards(table: Table, base: str, repeat: int, program: GrantProgram, officer: User) -> None:
    """The program dashboard (signed in) and the largest state's public page (anonymous) over HTTP, cached
    (the figures are kept for a minute, as under load) and cold (their cache entry deleted before each
    request, which needs the servers to share the cache: CACHE_URL); and their figures computed in
    process with their query count, now and from the history as of a day."""
    from django.conf import settings
    from django.core.cache import cache

    from grants.dashboard import program_dashboard, program_dashboard_key
    from grants.public import state_agencies_page, state_page_key

    state = (
        Agency.objects.values("state")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("state", flat=True)[0]
    )
    today = _today()

    def public_page_uncached() -> object:
        cache.delete(state_page_key(state, "", 1))
        return state_agencies_page(state, "", 1)

    cold = {
        "program dashboard figures, now (uncached)": lambda: program_dashboard(program),
        f"program dashboard figures, as of {today} from the history (uncached)": lambda: program_dashboard(
            program, as_of=today
        ),
        f"public {state} page rows (uncached)": public_page_uncached,
    }
    for label, compute in cold.items():
        samples, queries = [], 0
        for _ in range(max(5, repeat)):
            with capture() as captured:
                samples.append(timed(compute))
            queries = len(captured)
        median, spread = summary(samples)
        table.add(label, f"{median}, {queries} queries", spread + f", p95 {ms(p95(samples))}")
    shared = "locmem" not in settings.CACHES["default"]["BACKEND"].lower()
    cookie = {"Cookie": session_cookie(officer)}
    dashboard = f"/programs/{program.pk}/dashboard/"
    routes = {
        "program dashboard HTML": (dashboard, cookie, program_dashboard_key(program)),
        f"program dashboard HTML, as of {today}": (
            f"{dashboard}?as_of={today.isoformat()}",
            cookie,
            program_dashboard_key(program, as_of=today),
        ),
        f"public state page HTML ({state})": (f"/credentialed/{state}/", {}, state_page_key(state, "", 1)),
        f"public state page HTML ({state}, page 3)": (
            f"/credentialed/{state}/?page=3",
            {},
            state_page_key(state, "", 3),
        ),
    }
    for label, (path, headers, key) in routes.items():
        status, _ = http("GET", base + path, headers)
        if status == 404:
            table.add(label, MISSING, "", "p95 < 100 ms")
            continue
        for _ in range(2):  # one request per server process fills its cache
            http("GET", base + path, headers)
        samples = [http("GET", base + path, headers)[1] for _ in range(max(20, repeat * 5))]
        median, spread = summary(samples)
        table.add(
            f"{label} (HTTP {status}, cached)", median, spread + f", p95 {ms(p95(samples))}", "p95 < 100 ms"
        )
        if not shared:
            table.add(f"{label} (cold)", "n/a (each server keeps its own cache: set CACHE_URL)")
            continue
        samples = []
        for _ in range(max(10, repeat * 2)):
            cache.delete(key)
            samples.append(http("GET", base + path, headers)[1])
        median, spread = summary(samples)
        table.add(f"{label} (cold: cache entry deleted)", median, spread + f", p95 {ms(p95(samples))}")


def largest_program() -> GrantProgram:
    """The program the page figures are read on: the latest fiscal year's largest discretionary one."""
    latest = GrantProgram.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    program = (
        GrantProgram.objects.filter(kind="discretionary", fiscal_year=latest)
        .annotate(size=Count("applicants"))
        .order_by("-size", "id")
        .first()
    )
    if program is None:
        raise SystemExit("no discretionary grant program in the data set")
    return program


def transition_pool(limit: int, basis_only: bool = True) -> list[CredentialApplication]:
    """Submitted applications of certified bodies with a certifier; ``basis_only``: those that are the
    basis of their agency's flag (starting the review changes it)."""
    applications = CredentialApplication.objects.filter(
        status=ApplicationStatus.SUBMITTED,
        body__certification_status=CertificationStatus.CERTIFIED,
        # A body with someone to start the review (the deadline day's bodies have none).
        body_id__in=User.objects.filter(role=Role.CERTIFIER).values("credentialing_body_id"),
    )
    if basis_only:
        applications = applications.filter(
            pk__in=AgencyEligibility.objects.filter(application__isnull=False).values("application_id")
        )
    return list(applications.select_related("body", "agency").order_by("id")[:limit])


def unread_notifications(user: User, count: int) -> tuple[str, list]:
    """``count`` fresh unread notifications of ``user`` for the trivial write to mark read; their keys
    start with ``bench-<run>-`` so they can be removed afterwards."""
    from notifications.kinds import Kind
    from notifications.models import Delivery, Notification

    run = secrets.token_hex(4)
    made = Notification.objects.bulk_create(
        (
            Notification(
                recipient=user,
                kind=Kind.SUBMITTED,
                key=f"bench-{run}-{number}",
                subject="Benchmark",
                what_happened="Benchmark write.",
                delivery=Delivery.SENT,  # never picked up for e-mail
            )
            for number in range(count)
        ),
        batch_size=5000,
    )
    return run, made


def remove_notifications(run: str) -> None:
    """Remove a run's notifications and, on PostgreSQL, vacuum their table: the thousands written, marked
    read and deleted leave dead index entries under one person, which that person's unread count (the
    header of every page, the applicants page measured with the same officer) would walk until
    autovacuum came by."""
    from notifications.models import Notification

    Notification.objects.filter(key__startswith=f"bench-{run}-").delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {Notification._meta.db_table}")


def trivial_writes(base: str, user: User, count: int) -> list[float]:
    """The same server's cheapest honest write: marking one unread notification read (one transaction,
    a row lock, one UPDATE, the commit; no audit row, no outbox), a fresh notification each time."""

    run, made = unread_notifications(user, count)
    headers = {"Authorization": f"Token {token_for(user)}", "Accept": "application/json"}
    samples = []
    for notification in made:
        status, elapsed = http("POST", f"{base}/api/v1/notifications/{notification.pk}/read/", headers)
        if status == 200:
            samples.append(elapsed)
    remove_notifications(run)
    return samples


def measure_transition(table: Table, base: str, repeat: int) -> None:
    # At least 20 timed transitions (with 12, the "p95" was the second slowest), after a few untimed ones:
    # the first write each server process makes pays for its connections and caches, which a figure of
    # sustained writes should not.
    warm, count = 4, max(20, repeat * 4)
    pool = transition_pool(warm + count)
    api_samples, lag_samples = [], []
    route_missing = False
    for number, application in enumerate(pool):
        timed = number >= warm
        certifier = User.objects.filter(credentialing_body_id=application.body_id).order_by("id").first()
        before = AgencyEligibility.objects.get(agency_id=application.agency_id).reason
        if not route_missing:
            status, elapsed = http(
                "POST",
                f"{base}/api/v1/applications/{application.pk}/start_review/",
                {"Authorization": f"Token {token_for(certifier)}", "Accept": "application/json"},
            )
            if status == 404:
                route_missing = True
            elif timed:
                api_samples.append(elapsed)
        if route_missing:
            # The route is not there yet: the same service, in this process, committing for real.
            credentialing.start_review(application=application, actor=certifier)

        def changed(agency_id: int = application.agency_id, old: str = before) -> bool:
            return AgencyEligibility.objects.filter(agency_id=agency_id).exclude(reason=old).exists()

        lag = wait_until(changed, timeout=10)
        if lag is not None and timed:
            lag_samples.append(lag)
    from bench.transitions import restore_submitted

    restore_submitted(application.pk for application in pool)  # the data set can be measured again
    if route_missing:
        table.add("transition POST start_review (API)", MISSING, "", "")
    elif api_samples:
        median, spread = summary(api_samples)
        tail = p95(api_samples) / statistics.median(api_samples)
        table.add(
            f"transition POST start_review (API, n={len(api_samples)})",
            median,
            spread + f", p95 {ms(p95(api_samples))} = {tail:.1f}x median",
            "p95 <= 2x median",
        )
        writer = User.objects.filter(credentialing_body_id=pool[0].body_id).order_by("id").first()
        floor = trivial_writes(base, writer, len(api_samples))
        if floor:
            median, spread = summary(floor)
            table.add(
                f"floor: trivial write POST notifications/<id>/read/ (n={len(floor)})",
                median,
                spread + f", p95 {ms(p95(floor))}",
            )
            table.add(
                "ratio transition / trivial write",
                f"{statistics.median(api_samples) / statistics.median(floor):.1f}x",
                f"p95 {p95(api_samples) / p95(floor):.1f}x",
            )
    how = "service in-process" if route_missing else "API"
    median, spread = summary(lag_samples)
    table.add(
        f"commit -> flag updated by worker ({how}, n={len(lag_samples)})",
        median,
        spread + (f", p95 {ms(p95(lag_samples))}" if lag_samples else ""),
        "p95 < 100 ms",
    )


class Rollback(Exception):
    pass


def in_rolled_back_transaction(sql: str, params: list) -> float:
    start = time.perf_counter()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            raise Rollback
    except Rollback:
        pass
    return time.perf_counter() - start


def measure_recompute(table: Table, repeat: int, agencies: int) -> None:
    """The product's full recompute against its floor: one SQL statement (bench/recompute_floor.py) that
    computes the same flags, bases, reasons, applications and reporting runs and writes the changed ones
    with their history rows. Both start from the same state (every stored reason stale), in turn."""
    grants.recompute_all_eligibility()
    vacuum("grants_agencyeligibility", "grants_eligibilitychange")
    quiet = [timed(grants.recompute_all_eligibility) for _ in range(repeat)]
    wanted = stored_flags()
    full, floor, floor_quiet = [], [], []
    agree = 0
    for _ in range(repeat):
        floor_quiet.append(run_floor(_today(), timezone.now())[0])
        AgencyEligibility.objects.update(reason="stale")
        vacuum("grants_agencyeligibility", "grants_eligibilitychange")
        floor.append(run_floor(_today(), timezone.now())[0])
        left = stored_flags()
        agree = sum(left.get(agency_id) == values for agency_id, values in wanted.items())
        AgencyEligibility.objects.update(reason="stale")
        vacuum("grants_agencyeligibility", "grants_eligibilitychange")
        full.append(timed(grants.recompute_all_eligibility))
    sample_ids = list(AgencyEligibility.objects.order_by("agency_id").values_list("agency_id", flat=True))
    sample_ids = sample_ids[: min(len(sample_ids), 500)]
    loop = []
    for _ in range(repeat):
        AgencyEligibility.objects.filter(agency_id__in=sample_ids).update(reason="stale")
        vacuum("grants_agencyeligibility")
        start = time.perf_counter()
        for agency_id in sample_ids:
            grants.recompute_agency_eligibility(agency_id=agency_id)
        loop.append((time.perf_counter() - start) * agencies / len(sample_ids))
    lock_rows = [
        in_rolled_back_transaction(
            "SELECT count(*) FROM (SELECT id FROM agencies_agency FOR NO KEY UPDATE) s", []
        )
        for _ in range(repeat)
    ]
    lock_advisory = [in_rolled_back_transaction("SELECT pg_advisory_xact_lock(1)", []) for _ in range(repeat)]
    seconds = lambda value: f"{value:.3f} s"  # noqa: E731
    with capture() as captured:
        grants.recompute_all_eligibility()
    median, spread = summary(full, seconds)
    table.add(
        f"recompute all {agencies:,} agencies, set-wise, every flag changed ({len(captured)} statements)",
        median,
        spread,
        "<= 2x floor",
    )
    median, spread = summary(floor, seconds)
    table.add(
        f"floor: one SQL statement, flags + reasons + runs + history ({agree:,} of {len(wanted):,} agree)",
        median,
        spread,
    )
    ratio = statistics.median(full) / statistics.median(floor)
    table.add("ratio full recompute / floor", f"{ratio:.1f}x", "", "<= 2x")
    median, spread = summary(quiet, seconds)
    table.add("recompute all, set-wise, nothing changed (the hourly sweep)", median, spread)
    median, spread = summary(floor_quiet, seconds)
    table.add("floor, nothing changed", median, spread)
    table.add(
        "ratio sweep / floor, nothing changed",
        f"{statistics.median(quiet) / statistics.median(floor_quiet):.1f}x",
    )
    median, spread = summary(loop, seconds)
    table.add(f"per-agency task loop ({len(sample_ids)} timed, scaled to {agencies:,})", median, spread)
    table.add("ratio per-agency loop / set-wise", f"{statistics.median(loop) / statistics.median(full):.0f}x")
    median, spread = summary(lock_rows)
    table.add("lock cost: NO KEY UPDATE on every agency row (not used by the sweep)", median, spread)
    median, spread = summary(lock_advisory)
    table.add("lock cost: one exclusive advisory lock (used by the sweep)", median, spread)


def _variants(name: str) -> list[str]:
    """How a checker might type a recorded name: as recorded, names swapped, no middle, misspelt."""
    parts = name.replace(".", "").split()
    swapped = " ".join([parts[-1], *parts[:-1]])
    misspelt = name[:-1] + ("e" if name[-1] != "e" else "a")
    return [name, swapped, f"{parts[0]} {parts[-1]}", misspelt]


def measure_hiring_check(table: Table, repeat: int) -> None:
    """The check a hiring agency runs, through the service (validation, matching, the log row)."""
    records = UseOfForceRecord.objects.count()
    staff = User.objects.filter(role=Role.AGENCY_STAFF).order_by("id").first()
    sample = list(
        UseOfForceRecord.objects.filter(process_status="final")
        .order_by("?")
        .values_list("officer_name", "date_of_birth")[: 25 * max(1, repeat)]
    )
    samples, counts, found = [], [], 0
    for name, born in sample:
        for typed in [*_variants(name), "Nobody Ever Recorded"]:
            with capture() as captured:
                start = time.perf_counter()
                result = run_hiring_check(
                    actor=staff, candidate_name=typed, date_of_birth=born, purpose="bench"
                )
                samples.append(time.perf_counter() - start)
            counts.append(len(captured))
            found += bool(result.exact or result.possible)
    median, spread = summary(samples)
    table.add(
        f"hiring check over {records:,} records ({len(samples)} checks, {max(counts)} queries each at most)",
        median,
        spread,
        "p95 < 100 ms",
    )
    table.add("hiring check p95", ms(p95(samples)), f"{found} of {len(samples)} found a record")


def measure_program_with_sec3d(table: Table, repeat: int) -> None:
    """A program applying both conditions: its applicants with both parts and the reason in words."""
    program = GrantProgram.objects.filter(applies_sec3d=True).order_by("-fiscal_year").first()
    if program is None:
        return
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        rows = list(applicants_of(program))
        for row in rows:
            program_eligibility(row, program=program)
        samples.append(time.perf_counter() - start)
    median, spread = summary(samples)
    failing = sum(not row.reporting_holds for row in rows)
    table.add(
        f"a Sec. 3(d) program, both conditions ({len(rows):,} applicants, {failing:,} lacking a report)",
        median,
        spread,
    )


def measure_revocation(table: Table, repeat: int, admin: User) -> None:
    from notifications.models import Delivery, Notification

    body = CredentialingBody.objects.filter(states_served=[], agency_types_served=[]).order_by("id").first()
    if body is None:
        table.add("national body revocation", "n/a (no national body)")
        return
    samples, calls, checks = [], [], []
    affected: list[int] = []
    missed = []
    for _ in range(repeat):
        affected = agencies_depending_on_body(body.pk)
        began = timezone.now()
        start = time.perf_counter()
        credentialing.revoke_body_certification(body=body, actor=admin, note="Benchmark revocation.")
        calls.append(time.perf_counter() - start)
        # The fan-out deletes the outbox rows (the body's, and any of its agencies') in the transaction
        # that writes the flags and the flips' notices: the rows gone, every flag is final. The time
        # stops there; the check that every flag equals the rule is the benchmark's own work (seconds of
        # Python at scale 10) and is not counted.
        done = wait_until(outbox_empty, timeout=120, pause=0.01)
        elapsed = time.perf_counter() - start
        if done is None:
            missed.append("outbox not empty after 120 s")
        else:
            check = time.perf_counter()
            right = flags_right(affected)
            checks.append(time.perf_counter() - check)
            if right:
                samples.append(elapsed)
            else:
                missed.append("outbox empty but a flag wrong")
        # Put the body back for the next round (not timed).
        CredentialingBody.objects.filter(pk=body.pk).update(
            certification_status=CertificationStatus.CERTIFIED
        )
        grants.recompute_all_eligibility()
        # Its e-mails are not what this measures: tens of thousands of them (the revocation's notices and
        # the flips both ways) would keep the mail worker busy on a shared core through every later measure.
        Notification.objects.filter(created_at__gte=began, delivery=Delivery.PENDING).update(
            delivery=Delivery.SENT
        )
        vacuum("grants_agencyeligibility", "grants_recomputerequest")
        body.refresh_from_db()
    median, spread = summary(calls)
    table.add("revoke a national body: the service call (outbox rows, notifications, commit)", median, spread)
    median, spread = summary(samples)
    table.add(
        f"revoke a national body: every flag right ({len(affected):,} agencies, worker)",
        median,
        spread + (f"; not counted: {', '.join(missed)}" if missed else ""),
    )
    if checks:
        median, spread = summary(checks)
        table.add(
            "  the benchmark's own check of every flag against the rule (not in the figure above)",
            median,
            spread,
        )


def run_locust(
    base: str, locustfile: Path, seconds: int, users: int, env: dict[str, str], out: Path
) -> float:
    prefix = out / f"locust-{env['BENCH_MODE']}"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(locustfile),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=seconds + 60,
    )
    with (Path(f"{prefix}_stats.csv")).open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                ok = int(row["Request Count"]) - int(row["Failure Count"])
                return ok / seconds
    return 0.0


def measure_throughput(table: Table, base: str, quick: bool, out: Path) -> None:
    """The ceiling (GET /api/v1/me/), then transitions against the trivial write with the same clients
    in the same run (bench/transitions.py)."""
    from bench.transitions import measure_throughput as transitions_against_write

    me_token = token_for(User.objects.filter(role=Role.GRANT_OFFICER).order_by("id").first())
    status, _ = http("GET", base + "/api/v1/me/", {"Authorization": f"Token {me_token}"})
    if status == 404:
        table.add("throughput: GET /api/v1/me/ (ceiling)", MISSING)
        return
    seconds, users = (3, 4) if quick else (15, 16)
    locustfile = ROOT / "bench" / "locustfile.py"
    ceiling = run_locust(base, locustfile, seconds, users, {"BENCH_MODE": "me", "BENCH_TOKEN": me_token}, out)
    table.add(f"throughput: GET /api/v1/me/ (ceiling, {users} users, {seconds} s)", f"{ceiling:.0f}/s")
    transitions_against_write(table, base, quick, out)


# --- main --------------------------------------------------------------------------------------
def machine() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    redis_version = "?"
    with suppress(Exception), celery_app.connection_for_write() as conn:
        redis_version = conn.default_channel.client.info().get("redis_version", "?")
    memory = "?"
    with suppress(OSError), open("/proc/meminfo") as handle:
        memory = f"{int(handle.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    return (
        f"{os.cpu_count()} CPU cores, {memory} RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, PostgreSQL {pg}, Redis {redis_version}"
    )


def static_files_current() -> bool:
    """The collected static files are newer than every source and the lock file (the packages' own
    static files change only with it): collecting and compressing them again takes about a minute."""
    from django.conf import settings

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    sources = [ROOT / "uv.lock", *(path for path in (ROOT / "static").rglob("*") if path.is_file())]
    return all(path.stat().st_mtime <= built for path in sources)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=13929)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="Three-second locust runs (for CI).")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--reuse", action="store_true", help="Keep the data already in the database.")
    parser.add_argument(
        "--only",
        type=lambda value: {name.strip() for name in value.split(",") if name.strip()},
        default=None,
        help=f"Run only these measures (comma-separated: {', '.join(MEASURES)}).",
    )
    parser.add_argument(
        "--save", type=Path, default=None, help="Also write the table as JSON (for bench/compare.py)."
    )
    args = parser.parse_args()
    if args.only and args.only - set(MEASURES):
        parser.error(f"--only: unknown measure(s) {', '.join(sorted(args.only - set(MEASURES)))}")
    if connection.vendor != "postgresql":
        raise SystemExit("bench/run.py needs DATABASE_URL pointing at PostgreSQL")
    if celery_app.conf.task_always_eager:
        raise SystemExit("bench/run.py needs CELERY_BROKER_URL (Redis) for the real worker")

    table = Table()
    started = timezone.now()
    load = LoadSampler()
    load.start()
    print(f"machine: {machine()}", flush=True)
    call_command("migrate", verbosity=0)
    if not args.reuse:
        start = time.perf_counter()
        call_command("generate_national_data", scale=args.scale, seed=args.seed, reset=True, verbosity=0)
        table.add(f"generate_national_data --scale {args.scale}", f"{time.perf_counter() - start:.1f} s")
    agencies = AgencyEligibility.objects.count()

    processes = Processes()
    out = Path(tempfile.mkdtemp(prefix="bench-"))
    port = free_port(args.port)
    base = f"http://127.0.0.1:{port}"
    try:
        processes.start_workers(f"bench{port}", out)
        # The purge dropped any task left from an earlier run; a pending outbox row whose task went with it
        # would hold its agency's later changes until the relay, which no beat runs here.
        grants.relay_outbox(older_than=timezone.now())
        if not static_files_current():
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                cwd=ROOT,
                env={**os.environ, **SERVER_ENV},
                check=True,
            )
        processes.start(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "-w", "2",
             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "config.wsgi:application"],
            out / "gunicorn.log",
        )  # fmt: skip
        wait_http(base)
        program = largest_program()
        officer = User.objects.filter(role=Role.GRANT_OFFICER).order_by("id").first()
        admin = User.objects.filter(role=Role.DOJ_ADMINISTRATOR).order_by("id").first()
        print(f"program {program} with {program.applicants.count():,} applicants", flush=True)
        runs: dict[str, Callable[[], None]] = {
            "applicants": lambda: measure_applicant_list(table, base, args.repeat, program, officer),
            "dashboards": lambda: measure_dashboards(table, base, args.repeat, program, officer),
            "transition": lambda: measure_transition(table, base, args.repeat),
            "recompute": lambda: measure_recompute(table, args.repeat, agencies),
            "hiring": lambda: measure_hiring_check(table, args.repeat),
            "sec3d": lambda: measure_program_with_sec3d(table, args.repeat),
            "revocation": lambda: measure_revocation(table, max(2, args.repeat // 3), admin),
            "throughput": lambda: measure_throughput(table, base, args.quick, out),
            "deadline": lambda: measure_deadline_day(table, base, args.quick),
            "public": lambda: measure_public_load(table, base, args.repeat, args.quick),
            "hiring_national": lambda: measure_hiring_national(table, args.repeat, args.quick),
            "bulk_list": lambda: measure_bulk_list(table, args.repeat, args.quick),
        }
        for name in MEASURES:
            if args.only is None or name in args.only:
                runs[name]()
    finally:
        processes.stop()
        load.stop()
    print()
    print(f"Scale {args.scale} ({agencies:,} agencies), repeat {args.repeat}; {machine()}")
    print(f"{started:%Y-%m-%d %H:%M}-{timezone.now():%H:%M} UTC; {load.describe()}")
    print()
    print(table.render())
    if args.save:
        table.save(
            args.save,
            scale=args.scale,
            agencies=agencies,
            repeat=args.repeat,
            machine=machine(),
            started=started.isoformat(),
            ended=timezone.now().isoformat(),
            load=load.samples,
        )


if __name__ == "__main__":
    main()
