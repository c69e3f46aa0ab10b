"""Where one transition's time goes: every SQL statement with its time, the broker's publish, and the rest
(Python), for the API transitions the benchmarks drive, next to the trivial write.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/N \
        uv run python bench/profile_transition.py -n 40 [--pyinstrument out.html] [--explain]

Each request goes through the whole Django stack in this process (middleware, token authentication, the
view, the service, the commit, the on-commit enqueue), with production settings as the servers run them
(no DEBUG; the statements are captured with Django's query log). It changes the data it is pointed at
(real transitions, committed): point it at a benchmark copy. The applications it moves are put back
back to submitted afterwards (bench/transitions.restore_submitted), so it can run again.

``--pyinstrument FILE`` writes a profile of the start_review requests (pyinstrument is not a dependency
of the project: ``uv run --with pyinstrument python bench/profile_transition.py ...``). ``--explain``
prints EXPLAIN (ANALYZE, BUFFERS) of each start_review statement, run again in a rolled-back transaction.
"""

import argparse
import os
import re
import secrets
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("API_USER_RATE", "1000000/min")

import logging  # noqa: E402

import django  # noqa: E402

django.setup()
logging.getLogger("tracker.request").setLevel(logging.WARNING)

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench.run import remove_notifications, token_for, transition_pool, unread_notifications  # noqa: E402
from bench.transitions import restore_submitted  # noqa: E402
from grants.services import relay_outbox  # noqa: E402
from notifications.models import Delivery, Notification  # noqa: E402

# A statement's shape: its literals and long lists folded, so repeats of one statement group together.
_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+\b")


def shape(sql: str) -> str:
    text = _LITERALS.sub("?", sql)
    text = re.sub(r"\s+", " ", text)
    return text


def short(sql: str, width: int = 110) -> str:
    text = shape(sql)
    text = re.sub(r"SELECT .*? FROM", "SELECT ... FROM", text, count=1)
    return text if len(text) <= width else text[: width - 3] + "..."


class Publishes:
    """Times every message sent to the broker (the on-commit enqueue) while installed."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    def __enter__(self) -> "Publishes":
        from celery.app.task import Task

        self._original = Task.apply_async
        outer = self

        def timed(task, *args, **kwargs):
            start = time.perf_counter()
            try:
                return outer._original(task, *args, **kwargs)
            finally:
                outer.samples.append(time.perf_counter() - start)

        Task.apply_async = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc) -> None:
        from celery.app.task import Task

        Task.apply_async = self._original  # type: ignore[method-assign]


def request(
    client: Client, path: str, token: str, data: dict | None = None
) -> tuple[int, float, list, float]:
    """One POST; returns the status, the wall time, the statements (sql, seconds) and the publish time."""
    with Publishes() as publishes, CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post(
            path, data or {}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
        )
        elapsed = time.perf_counter() - start
    statements = [(q["sql"], float(q["time"])) for q in queries.captured_queries]
    return response.status_code, elapsed, statements, sum(publishes.samples)


def report(label: str, runs: list[tuple[int, float, list, float]]) -> None:
    ok = [r for r in runs if r[0] == 200]
    if not ok:
        print(f"\n{label}: no 200 answer ({sorted({r[0] for r in runs})})")
        return
    walls = [r[1] for r in ok]
    per_shape: dict[str, list[float]] = defaultdict(list)
    order: list[str] = []
    for _, _, statements, _ in ok:
        for sql, seconds in statements:
            key = shape(sql)
            if key not in per_shape:
                order.append(key)
            per_shape[key].append(seconds)
    sql_totals = [sum(s for _, s in r[2]) for r in ok]
    publish = [r[3] for r in ok]
    count = statistics.median(len(r[2]) for r in ok)
    print(f"\n{label}: n={len(ok)}, {count:.0f} statements a request (median)")
    print(f"  wall   median {statistics.median(walls) * 1000:6.2f} ms   p95 {p95(walls) * 1000:6.2f} ms")
    sql_median = statistics.median(sql_totals) * 1000
    print(f"  SQL    median {sql_median:6.2f} ms (sum of the statements' round trips)")
    print(f"  broker median {statistics.median(publish) * 1000:6.2f} ms (publishing the on-commit task)")
    rest = [w - s - p for w, s, p in zip(walls, sql_totals, publish, strict=True)]
    print(f"  Python median {statistics.median(rest) * 1000:6.2f} ms (the rest)")
    for key in order:
        times = per_shape[key]
        each = len(times) / len(ok)
        print(f"    {statistics.median(times) * 1000:6.2f} ms  x{each:3.1f}  {short(key)}")


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def explain(statements: list[tuple[str, float]]) -> None:
    """EXPLAIN ANALYZE each data statement of one request again, in a transaction rolled back."""
    print("\nEXPLAIN (ANALYZE, BUFFERS) of the statements of one start_review, rolled back:")
    with connection.cursor() as cursor:
        cursor.execute("BEGIN")
        try:
            for sql, _ in statements:
                if not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "INSERT", "WITH", "DELETE")):
                    continue
                cursor.execute("SAVEPOINT one")
                try:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, SUMMARY ON) " + sql)
                    lines = [row[0] for row in cursor.fetchall()]
                    total = next((line for line in lines if line.startswith("Execution Time")), "")
                    print(f"  {total:32s} {short(sql, 100)}")
                except Exception as error:  # a statement that cannot be replayed is said so
                    print(f"  (not replayed: {str(error).splitlines()[0]}) {short(sql, 80)}")
                cursor.execute("ROLLBACK TO SAVEPOINT one")
        finally:
            cursor.execute("ROLLBACK")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=40)
    parser.add_argument("--pyinstrument", type=Path, default=None)
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    client = Client()
    # No recompute pending from an earlier run: each transition then writes its agency's outbox row and
    # publishes its task, as on a machine whose worker keeps up.
    relay_outbox(older_than=timezone.now())
    pool = transition_pool(args.n)
    if len(pool) < args.n:
        raise SystemExit(f"only {len(pool)} submitted applications to start reviewing")
    tokens = {}
    for application in pool:
        certifier = User.objects.filter(credentialing_body_id=application.body_id).order_by("id").first()
        tokens[application.pk] = token_for(certifier)
    # Warm the process (URLconf, Celery's app and broker connection) as the servers' workers are.
    from config.celery import app

    app.finalize(auto=True)
    client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {tokens[pool[0].pk]}")

    profiler = None
    if args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)

    began = timezone.now()
    moved: list[int] = []
    results: dict[str, list] = defaultdict(list)
    try:
        # start_review on each (the benchmark's transition), then return on half of them (a reason, and a
        # notification to the agency's staff). The generated data sets hold no evidence files, so submit
        # (whose checklist needs them) is not profiled here.
        for application in pool:
            if profiler:
                profiler.start()
            outcome = request(
                client, f"/api/v1/applications/{application.pk}/start_review/", tokens[application.pk]
            )
            if profiler:
                profiler.stop()
            results["POST start_review"].append(outcome)
            if outcome[0] == 200:
                moved.append(application.pk)
        for application in pool[: args.n // 2]:
            if application.pk not in moved:
                continue
            outcome = request(
                client,
                f"/api/v1/applications/{application.pk}/return/",
                tokens[application.pk],
                {"note": "Which policy applies to off-duty officers?"},
            )
            results["POST return (a notification to the agency's staff)"].append(outcome)
        # The trivial write, same client, same process.
        officer = User.objects.filter(role=Role.GRANT_OFFICER).order_by("id").first()
        run, made = unread_notifications(officer, args.n)
        officer_token = token_for(officer)
        for notification in made:
            results["POST notifications/<id>/read/ (trivial write)"].append(
                request(client, f"/api/v1/notifications/{notification.pk}/read/", officer_token)
            )
        remove_notifications(run)
    finally:
        restored = restore_submitted(moved)
        # The returns' notifications are the profile's, not news: none waits for the mail worker.
        Notification.objects.filter(created_at__gte=began, delivery=Delivery.PENDING).update(
            delivery=Delivery.SENT
        )
        print(f"(put {restored} application(s) back to submitted)")

    for label, runs in results.items():
        report(label, runs)
    if profiler and args.pyinstrument:
        args.pyinstrument.write_text(profiler.output_html())
        print(f"\npyinstrument profile of start_review: {args.pyinstrument}")
        print(profiler.output_text(unicode=False, color=False, show_all=False))
    if args.explain:
        ok = [r for r in results["POST start_review"] if r[0] == 200]
        if ok:
            explain(ok[-1][2])
    with transaction.atomic():
        pass


if __name__ == "__main__":
    main()
