"""Where a national body's revocation spends its time: the service call, then the worker's recompute of the
dependants, in this process, each statement timed, with the CPU time of the database backend (read from
/proc, so the database must run on this machine) and of this process.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \
        uv run python bench/profile_revocation.py [--cprofile]

The recompute task and the e-mails are enqueued on the broker, never run (its queues are emptied at the
end): the recompute is called here. The body is put back afterwards (certified, every flag recomputed, its
notices marked sent). Never point it at a database you care about.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from config.celery import app as celery_app  # noqa: E402
from credentialing import services as credentialing  # noqa: E402
from credentialing.models import CertificationStatus, CredentialingBody  # noqa: E402
from credentialing.selectors import agencies_depending_on_body  # noqa: E402
from grants import services as grants  # noqa: E402
from notifications.models import Delivery, Notification  # noqa: E402

Timings = list[tuple[float, str]]


def backend_cpu() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(label: str, func, profile: bool) -> None:
    statements: Timings = []

    def wrapper(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - start, " ".join(sql.split())[:110]))

    profiler = cProfile.Profile() if profile else None
    database, python = backend_cpu(), time.process_time()
    with connection.execute_wrapper(wrapper):
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        # The call's own transaction becomes a savepoint of this one, so that its commit is timed apart:
        # the deferred foreign-key checks of every row it wrote run there.
        with transaction.atomic():
            func()
            committing = time.perf_counter()
        commit = time.perf_counter() - committing
        if profiler:
            profiler.disable()
        wall = time.perf_counter() - start
    database, python = backend_cpu() - database, time.process_time() - python
    print(f"{label}: {wall:.2f} s wall; CPU: database {database:.2f} s, this process {python:.2f} s")
    print(f"  {len(statements)} statements, {sum(seconds for seconds, _ in statements):.2f} s")
    print(f"  commit {commit:.2f} s (deferred foreign-key checks, then the on-commit enqueue)")
    for seconds, sql in sorted(statements, reverse=True)[:10]:
        print(f"  {seconds * 1000:9.1f} ms  {sql}")
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cprofile", action="store_true", help="Also print the Python profile.")
    args = parser.parse_args()
    if connection.vendor != "postgresql" or celery_app.conf.task_always_eager:
        raise SystemExit("needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (tasks must not run inline)")
    body = CredentialingBody.objects.filter(states_served=[], agency_types_served=[]).order_by("id").first()
    admin = User.objects.filter(role=Role.DOJ_ADMINISTRATOR).order_by("id").first()
    if body is None or admin is None:
        raise SystemExit("no national body or no DOJ administrator in this data set")
    if body.certification_status != CertificationStatus.CERTIFIED:
        CredentialingBody.objects.filter(pk=body.pk).update(
            certification_status=CertificationStatus.CERTIFIED
        )
        grants.recompute_all_eligibility()
        body.refresh_from_db()
    print(f"{body.name}: {len(agencies_depending_on_body(body.pk)):,} agencies depend on it")
    reverse("agency_dashboard")  # the URL configuration, imported once per process, outside the figures
    began = timezone.now()
    try:
        timed(
            "service call",
            lambda: credentialing.revoke_body_certification(body=body, actor=admin, note="Profile."),
            args.cprofile,
        )
        timed("worker's recompute", lambda: grants.recompute_body_agencies(body_id=body.pk), args.cprofile)
    finally:
        CredentialingBody.objects.filter(pk=body.pk).update(
            certification_status=CertificationStatus.CERTIFIED
        )
        grants.recompute_all_eligibility()
        Notification.objects.filter(created_at__gte=began, delivery=Delivery.PENDING).update(
            delivery=Delivery.SENT
        )
        with celery_app.connection_for_write() as conn:
            for queue in celery_app.conf.task_queues:
                conn.default_channel.queue_purge(queue.name)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
