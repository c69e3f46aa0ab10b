"""The tracker on several nodes, on this machine, with faults injected half-way.

    uv run python bench/multinode.py [--agencies 24] [--threads 6]

Starts a streaming replica (bin/replica), a local S3 server (moto), two gunicorn nodes, two Celery workers
and two beat processes, all configured as production would be (S3 evidence, Redis broker and cache,
redbeat, DATABASE_REPLICA_URL), on the run's own database. A client acting as the load balancer runs each
agency's journey through both nodes (uploads on one, downloads from the other), a grant officer adds
applicants and reads them back at once through the other node, and an analyst keeps reading the heavy
lists. Half-way through, one web node, one worker and the active beat are killed. At the end it checks
that every flag equals the rule, every upload reads back byte for byte, each periodic task was sent once
per tick, every fresh write was read back, and nothing acknowledged was lost, then prints the figures.

Environment: DATABASE_URL names the primary (the run uses ``<name>_nodes`` beside it), MULTINODE_REDIS
(default redis://127.0.0.1:6379, databases 7 and 8), MULTINODE_PORTS (default 8190,8191), MULTINODE_S3_PORT
(default 8199), REPLICA_PORT (default 5439). Every process started is stopped at the end, also on failure.
"""

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.storage.s3server import ACCESS_KEY, REGION, SECRET_KEY, start_local_s3  # noqa: E402

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DRILL_SECONDS = 3  # every periodic task this often
LOCK_TIMEOUT = 6  # a standby beat takes over at most this long after the active one died
BEAT_LINE = re.compile(r"^\[(?P<at>[\d-]+ [\d:,]+): INFO/\w+\] Scheduler: Sending due task (?P<name>\S+)")
BEAT_MESSAGE = re.compile(r"^Scheduler: Sending due task (?P<name>\S+)")


def beat_send(line: str) -> tuple[datetime, str] | None:
    """When a beat sent which task: from Celery's own log format or from a JSON line (LOG_FORMAT=json,
    production's, in UTC)."""
    match = BEAT_LINE.match(line)
    if match:
        return datetime.strptime(match["at"], "%Y-%m-%d %H:%M:%S,%f"), match["name"]
    if not line.startswith("{"):
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    found = BEAT_MESSAGE.match(str(record.get("message", "")))
    if not found:
        return None
    return datetime.fromisoformat(record["time"]).replace(tzinfo=None), found["name"]


@dataclass
class Settings:
    primary_url: str
    replica_port: int
    redis_url: str
    ports: tuple[int, int]
    s3_port: int
    agencies: int
    threads: int
    template: str | None = None

    @property
    def database(self) -> str:
        return urlsplit(self.primary_url).path.lstrip("/") + "_nodes"

    def dsn(self, port: int | None = None, database: str | None = None) -> str:
        parts = urlsplit(self.primary_url)
        user = parts.username or "postgres"
        return (
            f"host={parts.hostname or '127.0.0.1'} port={port or parts.port or 5432} "
            f"dbname={database or self.database} user={user}"
        )

    def database_url(self, port: int) -> str:
        parts = urlsplit(self.primary_url)
        host = parts.hostname or "127.0.0.1"
        return f"postgres://{parts.username or 'postgres'}@{host}:{port}/{self.database}"


class Processes:
    """Every process of the run, each in its own process group, all stopped by ``stop_all``."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = process
        return process

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")

    def kill(self, name: str) -> None:
        """A host lost: SIGKILL to the whole group (a gunicorn master and its workers)."""
        process = self.running[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.running.values():
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        deadline = time.monotonic() + 10
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def wait_for(predicate, timeout: float, step: float = 0.2) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if predicate():
            return time.monotonic() - start
        time.sleep(step)
    return None


# --- the database, the replica, the bucket ------------------------------------------------------------


def make_database(cfg: Settings) -> None:
    with psycopg.connect(cfg.dsn(database="postgres"), autocommit=True) as conn:
        conn.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", [cfg.database]
        )
        conn.execute(f'drop database if exists "{cfg.database}"')
        copied = False
        if cfg.template:
            # A copy of an already migrated database saves the migrations' half minute; it needs the
            # template to have no session open, else the run migrates a new one.
            try:
                conn.execute(f'create database "{cfg.database}" template "{cfg.template}"')
                copied = True
            except psycopg.errors.ObjectInUse:
                pass
    if not copied:
        with psycopg.connect(cfg.dsn(database="postgres"), autocommit=True) as conn:
            conn.execute(f'create database "{cfg.database}"')
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=django_env(cfg), check=True
        )


def drop_database(cfg: Settings) -> None:
    with psycopg.connect(cfg.dsn(database="postgres"), autocommit=True) as conn:
        conn.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s", [cfg.database]
        )
        conn.execute(f'drop database if exists "{cfg.database}"')


def read_counters(cfg: Settings, port: int) -> tuple[int, int]:
    """Transactions and rows read in the run's database, as that server counts them."""
    with psycopg.connect(cfg.dsn(port=port), autocommit=True) as conn:
        row = conn.execute(
            "select xact_commit + xact_rollback, tup_returned + tup_fetched from pg_stat_database"
            " where datname = current_database()"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def replica_caught_up(cfg: Settings) -> bool:
    try:
        with psycopg.connect(cfg.dsn(port=cfg.replica_port), autocommit=True, connect_timeout=2) as conn:
            return bool(conn.execute("select count(*) from django_migrations").fetchone())
    except psycopg.Error:
        return False


# --- the processes ------------------------------------------------------------------------------------


def django_env(cfg: Settings, bucket: str = "", s3_endpoint: str = "") -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "CELERY_", "AWS_", "CACHE_", "REDIS_", "BEAT_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY="multinode-drill-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=cfg.database_url(urlsplit(cfg.primary_url).port or 5432),
        CELERY_BROKER_URL=f"{cfg.redis_url}/7",
        CACHE_URL=f"{cfg.redis_url}/8",
        CELERY_VISIBILITY_TIMEOUT="8",
        ELIGIBILITY_OUTBOX_GRACE_SECONDS="3",
        BEAT_DRILL_SECONDS=str(DRILL_SECONDS),
        BEAT_LOCK_TIMEOUT_SECONDS=str(LOCK_TIMEOUT),
        API_USER_RATE="1000000/min",
        API_ANON_RATE="1000000/min",
        LOG_LEVEL="WARNING",
    )
    if bucket:
        env.update(
            DATABASE_REPLICA_URL=cfg.database_url(cfg.replica_port),
            AWS_STORAGE_BUCKET_NAME=bucket,
            AWS_S3_ENDPOINT_URL=s3_endpoint,
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            AWS_S3_REGION_NAME=REGION,
        )
    return env


def start_cluster(cfg: Settings, processes: Processes, env: dict[str, str]) -> None:
    python = sys.executable
    for index, port in enumerate(cfg.ports, start=1):
        processes.start(
            f"web{index}",
            [
                python,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "2",
                "-k",
                "gthread",
                "--threads",
                "4",
                "--preload",
                "--control-socket",
                str(processes.logs / f"web{index}.ctl"),
                "--graceful-timeout",
                "2",
                "--timeout",
                "60",
            ],
            env,
        )
        processes.start(
            f"worker{index}",
            [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "threads",
                "--concurrency",
                "2",
                "-n",
                f"drill{index}@%h",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            env,
        )
        processes.start(
            f"beat{index}",
            [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel",
                "INFO",
                "-s",
                str(processes.logs / f"beat{index}-schedule"),
            ],
            {**env, "LOG_LEVEL": "INFO"},
        )


def node_up(port: int) -> bool:
    try:
        return requests.get(f"http://127.0.0.1:{port}/api/v1/me/", timeout=2).status_code in (401, 403)
    except requests.RequestException:
        return False


# --- the client: a load balancer and the people behind it ---------------------------------------------


@dataclass
class Tally:
    by_node: Counter = field(default_factory=Counter)
    failed_over: int = 0
    errors: list[str] = field(default_factory=list)
    failover_seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Balancer:
    """Sends each request to the node asked for; a node that does not answer is taken out, and the
    request goes to the other one (as a load balancer's health check would)."""

    def __init__(self, ports: tuple[int, int], tally: Tally) -> None:
        self.ports = ports
        self.down: set[int] = set()
        self.tally = tally
        self.local = threading.local()

    def session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def request(self, node: int, method: str, path: str, token: str, **kwargs) -> requests.Response:
        order = [self.ports[node % 2], self.ports[(node + 1) % 2]]
        started = time.monotonic()
        for attempt, port in enumerate(order):
            if port in self.down and attempt == 0:
                continue
            try:
                response = self.session().request(
                    method,
                    f"http://127.0.0.1:{port}/api/v1/{path}",
                    headers={"Authorization": f"Token {token}"},
                    timeout=60,
                    **kwargs,
                )
            except requests.ConnectionError:
                # A kept-alive connection the node had closed looks the same as a dead node: only a node
                # that refuses a new connection is taken out.
                if node_up(port):
                    self.local.session = requests.Session()
                    return self.request(node, method, path, token, **kwargs)
                self.down.add(port)
                with self.tally.lock:
                    self.tally.failed_over += 1
                continue
            with self.tally.lock:
                self.tally.by_node[port] += 1
                if attempt:
                    self.tally.failover_seconds.append(time.monotonic() - started)
            return response
        raise RuntimeError(f"no node answered {method} {path}")


@dataclass
class Outcome:
    applications: dict[int, str] = field(default_factory=dict)  # id -> the status the client last saw
    documents: dict[int, str] = field(default_factory=dict)  # id -> sha256 uploaded
    downloads_checked: int = 0
    applicants_added: list[int] = field(default_factory=list)
    fresh_reads: int = 0
    fresh_reads_wrong: list[str] = field(default_factory=list)
    heavy_reads: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def expect(response: requests.Response, *codes: int) -> dict:
    if response.status_code not in codes:
        raise AssertionError(
            f"{response.request.method} {response.url}: {response.status_code} {response.text[:300]}"
        )
    return response.json() if response.content and "json" in response.headers.get("Content-Type", "") else {}


def transition(lb: Balancer, node: int, token: str, app_id: int, action: str, target: str, **data) -> None:
    """A transition, retried safely: after a lost answer the state says whether it happened."""
    response = lb.request(node, "POST", f"applications/{app_id}/{action}/", token, json=data)
    if response.status_code in (400, 409):
        seen = expect(lb.request(node + 1, "GET", f"applications/{app_id}/", token), 200)
        if seen["status"] == target:
            return
    expect(response, 200)


def journey(lb: Balancer, seed: dict, index: int, out: Outcome) -> None:
    """One agency's application, through both nodes: upload on node 0, download from node 1."""
    agency = seed["agencies"][index]
    staff, certifier = agency["token"], seed["certifier"]
    app = expect(lb.request(0, "POST", "applications/", staff, json={"body": seed["body"]}), 201)
    app_id = app["id"]
    with out.lock:
        out.applications[app_id] = "draft"
    uploaded = []
    for kind in ("use_of_force_policy", "signed_declaration"):
        content = PDF + f"% {kind} of {agency['ori']} {secrets.token_hex(8)}\n".encode()
        document = expect(
            lb.request(
                0,
                "POST",
                f"applications/{app_id}/documents/",
                staff,
                data={"kind": kind},
                files={"file": (f"{kind}.pdf", content, "application/pdf")},
            ),
            201,
        )
        uploaded.append((document["id"], hashlib.sha256(content).hexdigest()))
    with out.lock:
        out.documents.update(uploaded)
    expect(
        lb.request(
            1,
            "PATCH",
            f"applications/{app_id}/",
            staff,
            json={"attests_legal_compliance": True, "attests_chokehold_prohibition": True},
        ),
        200,
    )
    fate = index % 4
    transition(lb, index, staff, app_id, "submit", "submitted")
    # The other node streams every document back from the shared bucket, byte for byte.
    for doc_id, digest in uploaded:
        response = lb.request(1, "GET", f"applications/{app_id}/documents/{doc_id}/download/", certifier)
        if response.status_code != 200 or hashlib.sha256(response.content).hexdigest() != digest:
            raise AssertionError(f"document {doc_id} did not read back: {response.status_code}")
        with out.lock:
            out.downloads_checked += 1
    status = "submitted"
    if fate in (0, 1):
        transition(lb, index + 1, certifier, app_id, "start_review", "under_review")
        status = "under_review"
        if fate == 0:
            for code in seed["mandatory"]:
                expect(
                    lb.request(
                        index,
                        "POST",
                        f"applications/{app_id}/findings/",
                        certifier,
                        json={"standard": code, "outcome": "met", "note": "drill"},
                    ),
                    201,
                )
            transition(lb, index + 1, certifier, app_id, "approve", "approved", note="drill")
            status = "approved"
        else:
            transition(lb, index, certifier, app_id, "deny", "denied", note="drill")
            status = "denied"
    elif fate == 3:  # only a submitted application is withdrawn; a draft would be deleted
        transition(lb, index, staff, app_id, "withdraw", "withdrawn")
        status = "withdrawn"
    with out.lock:
        out.applications[app_id] = status


def add_applicant_and_read_it(lb: Balancer, seed: dict, index: int, out: Outcome) -> None:
    """Read-your-writes: the officer adds an applicant on one node and lists them at once on the other."""
    agency = seed["agencies"][index]
    officer = seed["officer"]
    path = f"programs/{seed['program']}/applicants/"
    response = lb.request(
        index, "POST", path, officer, json={"agency": agency["id"], "amount_requested": 1000}
    )
    if response.status_code == 400 and "already" in response.text:
        pass  # an answer lost with a node: the first try was committed
    else:
        expect(response, 201)
    with out.lock:
        out.applicants_added.append(agency["id"])
    rows = expect(lb.request(index + 1, "GET", f"{path}?page_size=500", officer), 200)
    with out.lock:
        out.fresh_reads += 1
        if agency["ori"] not in {row["ori"] for row in rows["results"]}:
            out.fresh_reads_wrong.append(agency["ori"])


def heavy_reads(lb: Balancer, seed: dict, out: Outcome, stop: threading.Event) -> None:
    """An analyst who only reads: the applicants list and its CSV, every agency's eligibility."""
    token, program = seed["analyst"], seed["program"]
    paths = [
        f"programs/{program}/applicants/?page_size=100",
        f"programs/{program}/applicants.csv",
        "eligibility/?page_size=100",
    ]
    turn = 0
    while not stop.is_set():
        expect(lb.request(turn, "GET", paths[turn % len(paths)], token), 200)
        with out.lock:
            out.heavy_reads += 1
        turn += 1


# --- the run ----------------------------------------------------------------------------------------


def beat_sends(processes: Processes) -> dict[str, list[datetime]]:
    sends: dict[str, list[datetime]] = {}
    for name in ("beat1", "beat2"):
        for line in processes.log(name).splitlines():
            sent = beat_send(line)
            if sent:
                moment, task = sent
                sends.setdefault(task, []).append(moment)
    return {name: sorted(moments) for name, moments in sends.items()}


def lock_holder(processes: Processes) -> str | None:
    for name in ("beat1", "beat2"):
        if processes.running[name].poll() is None and "beat: Acquired lock" in processes.log(name):
            return name
    return None


def verify(cfg: Settings) -> dict:
    result = subprocess.run(
        [sys.executable, "bench/multinode_django.py", "verify"],
        cwd=ROOT,
        env=django_env(cfg),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(cfg: Settings) -> dict:
    started = time.monotonic()
    logs = Path(tempfile.mkdtemp(prefix="multinode-"))
    processes = Processes(logs)
    s3 = None
    figures: dict = {"logs": str(logs)}
    phases: dict[str, float] = {}
    mark = [time.monotonic()]

    def phase(name: str) -> None:
        now = time.monotonic()
        phases[name] = round(now - mark[0], 1)
        mark[0] = now

    redis_client = redis.Redis.from_url(f"{cfg.redis_url}/7")
    replica_env = {**os.environ, "REPLICA_PORT": str(cfg.replica_port)}
    replica = str(ROOT / "bin" / "replica")
    replica_was_up = subprocess.run([replica, "status"], env=replica_env, capture_output=True).returncode == 0
    try:
        subprocess.run(
            [replica, "up"],
            check=True,
            capture_output=True,
            timeout=180,
            env={**os.environ, "REPLICA_PORT": str(cfg.replica_port)},
        )
        for db in (7, 8):
            redis.Redis.from_url(f"{cfg.redis_url}/{db}").flushdb()
        phase("replica")
        make_database(cfg)
        phase("database")
        seeded = subprocess.run(
            [sys.executable, "bench/multinode_django.py", "seed", str(cfg.agencies)],
            cwd=ROOT,
            env=django_env(cfg),
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        seed = json.loads(seeded.stdout.strip().splitlines()[-1])
        assert wait_for(lambda: replica_caught_up(cfg), 30), "the replica did not catch up with the seed"
        phase("seed")
        s3 = start_local_s3(cfg.s3_port)
        bucket = "tracker-evidence-drill"
        s3.make_private_bucket(bucket)
        env = django_env(cfg, bucket=bucket, s3_endpoint=s3.endpoint_url)
        start_cluster(cfg, processes, env)
        up = wait_for(lambda: all(node_up(port) for port in cfg.ports), 120, step=0.5)
        assert up is not None, "the web nodes did not start"
        assert wait_for(lambda: lock_holder(processes), 60), "no beat took the lock"
        phase("processes")
        figures["startup_seconds"] = round(time.monotonic() - started, 1)
        counters_before = {port: read_counters(cfg, port) for port in (5432, cfg.replica_port)}

        tally, out = Tally(), Outcome()
        lb = Balancer(cfg.ports, tally)
        faults: dict[str, float] = {}
        half = threading.Event()
        done = Counter()

        def one(index: int) -> None:
            journey(lb, seed, index, out)
            if index % 2 == 1:
                add_applicant_and_read_it(lb, seed, index, out)
            with tally.lock:
                done["journeys"] += 1
                if done["journeys"] >= cfg.agencies // 2:
                    half.set()

        stop_reads = threading.Event()
        reader = threading.Thread(target=heavy_reads, args=(lb, seed, out, stop_reads), daemon=True)
        reader.start()
        load_started = time.monotonic()
        with ThreadPoolExecutor(max_workers=cfg.threads) as pool:
            jobs = [pool.submit(one, index) for index in range(cfg.agencies)]
            half.wait(timeout=300)
            active_beat = lock_holder(processes)
            standby_beat = "beat2" if active_beat == "beat1" else "beat1"
            faults["killed"] = time.monotonic()
            processes.kill("web2")
            processes.kill("worker1")
            assert active_beat is not None
            processes.kill(active_beat)
            took_over = wait_for(lambda: "beat: Acquired lock" in processes.log(standby_beat), 60)
            errors = [job.exception() for job in jobs]
        stop_reads.set()
        reader.join(timeout=60)
        figures["load_seconds"] = round(time.monotonic() - load_started, 1)
        failures = [repr(error) for error in errors if error]

        # Nothing acknowledged is lost, and every flag settles on the rule once the queues drain.
        state: dict = {}

        def settled() -> bool:
            state.update(verify(cfg))
            return not state["mismatches"] and state["outbox"] == 0 and redis_client.llen("celery") == 0

        phase("load")
        settle_seconds = wait_for(settled, 90, step=2)
        phase("settle")
        counters_after = {port: read_counters(cfg, port) for port in (5432, cfg.replica_port)}
        sends = beat_sends(processes)
        interval_floor = DRILL_SECONDS * 0.5
        doubled = {
            name: sum(1 for a, b in itertools.pairwise(moments) if (b - a).total_seconds() < interval_floor)
            for name, moments in sends.items()
        }
        stored_docs = state["documents"]
        missing_docs = [
            doc for doc, digest in out.documents.items() if stored_docs.get(str(doc), [0, ""])[1] != digest
        ]
        wrong_status = [
            app for app, status in out.applications.items() if state["applications"].get(str(app)) != status
        ]
        # The surviving node reads every upload back from the bucket once more (its agency's staff may).
        tokens = {agency["id"]: agency["token"] for agency in seed["agencies"]}
        unreadable = []
        for doc_id, digest in out.documents.items():
            app_id, _ = stored_docs.get(str(doc_id), [None, ""])
            if app_id is None:
                continue
            staff = tokens[state["application_agencies"][str(app_id)]]
            response = lb.request(0, "GET", f"applications/{app_id}/documents/{doc_id}/download/", staff)
            if response.status_code != 200 or hashlib.sha256(response.content).hexdigest() != digest:
                unreadable.append(doc_id)
        primary_x = counters_after[5432][0] - counters_before[5432][0]
        replica_x = counters_after[cfg.replica_port][0] - counters_before[cfg.replica_port][0]
        primary_rows = counters_after[5432][1] - counters_before[5432][1]
        replica_rows = counters_after[cfg.replica_port][1] - counters_before[cfg.replica_port][1]
        figures.update(
            agencies=cfg.agencies,
            requests_by_node={str(port): tally.by_node[port] for port in cfg.ports},
            failed_over=tally.failed_over,
            web_recover_seconds=round(max(tally.failover_seconds, default=0.0), 2),
            faults=[
                "web node 2 (gunicorn master and workers, SIGKILL)",
                "worker 1 (SIGKILL)",
                f"active beat {active_beat} (SIGKILL)",
            ],
            beat_takeover_seconds=None if took_over is None else round(took_over, 1),
            settle_seconds=None if settle_seconds is None else round(settle_seconds, 1),
            journey_failures=failures,
            flags_checked=state.get("flags_checked"),
            flag_mismatches=state.get("mismatches"),
            eligible=state.get("eligible"),
            outbox_left=state.get("outbox"),
            documents_uploaded=len(out.documents),
            downloads_checked_during_load=out.downloads_checked,
            documents_lost=missing_docs,
            documents_unreadable=unreadable,
            applications_wrong_status=wrong_status,
            applicants_missing=sorted(set(out.applicants_added) - set(state.get("applicants", []))),
            fresh_reads=out.fresh_reads,
            fresh_reads_wrong=out.fresh_reads_wrong,
            heavy_reads=out.heavy_reads,
            beat_sends={name: len(moments) for name, moments in sends.items()},
            beat_sent_twice=doubled,
            beat_longest_gap_seconds=round(
                max(
                    ((b - a).total_seconds() for m in sends.values() for a, b in itertools.pairwise(m)),
                    default=0.0,
                ),
                1,
            ),
            replica_share_of_transactions=round(replica_x / max(1, replica_x + primary_x), 3),
            replica_share_of_rows_read=round(replica_rows / max(1, replica_rows + primary_rows), 3),
            wall_seconds=round(time.monotonic() - started, 1),
            phases=phases,
        )
        return figures
    finally:
        processes.stop_all()
        if s3 is not None:
            s3.stop()
        if not replica_was_up:
            subprocess.run([replica, "down"], env=replica_env, capture_output=True, timeout=60)
        for db in (7, 8):
            with contextlib.suppress(redis.RedisError):
                redis.Redis.from_url(f"{cfg.redis_url}/{db}").flushdb()


def settings_from_environment(agencies: int, threads: int, template: str | None = None) -> Settings:
    ports = tuple(int(p) for p in os.environ.get("MULTINODE_PORTS", "8190,8191").split(","))
    return Settings(
        primary_url=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tracker"),
        replica_port=int(os.environ.get("REPLICA_PORT", "5439")),
        redis_url=os.environ.get("MULTINODE_REDIS", "redis://127.0.0.1:6379"),
        ports=(ports[0], ports[1]),
        s3_port=int(os.environ.get("MULTINODE_S3_PORT", "8199")),
        agencies=agencies,
        threads=threads,
        template=template,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--agencies", type=int, default=24)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--keep-database", action="store_true", help="leave <name>_nodes for inspection")
    args = parser.parse_args()
    cfg = settings_from_environment(args.agencies, args.threads)
    try:
        figures = run(cfg)
    finally:
        if not args.keep_database:
            drop_database(cfg)
    print(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
