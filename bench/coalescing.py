"""How many recomputes K transitions of one agency in a row cost, and how late the flag settles.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://127.0.0.1:6379/13 \
        uv run python bench/coalescing.py [--counts 1 4 12 40] [--delay 0.2]

For each K: a fresh agency and a ready draft, then K transitions through the services, one after the
other (submit, then start review / return / submit again...), with a real Celery worker consuming. It
prints how many recomputes the worker ran, the time from the last commit until the stored flag equals
the rule applied to the committed facts (``idle``: the worker is stopped during the transitions and the
time runs from its start), and whether it does. ``idle`` shows the limit: one recompute whatever K.
``--delay`` sets ELIGIBILITY_COALESCE_SECONDS (how late the first change of a window enqueues its
recompute).
Writes rows into the database it is given (new agencies, never deleted).
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="coalescing-media-"))  # the drafts' documents

import django  # noqa: E402

django.setup()

from celery.contrib.testing.worker import start_worker  # noqa: E402
from celery.signals import task_prerun  # noqa: E402
from django.conf import settings  # noqa: E402

from accounts.models import User  # noqa: E402
from agencies.models import Agency  # noqa: E402
from config.celery import app  # noqa: E402
from credentialing import services as credentialing  # noqa: E402
from credentialing.dates import today  # noqa: E402
from credentialing.models import CredentialingBody  # noqa: E402
from grants.eligibility import NO_REPORTS, evaluate  # noqa: E402
from grants.facts import load_facts, load_runs  # noqa: E402
from grants.models import AgencyEligibility, RecomputeRequest  # noqa: E402
from tests.factories import (  # noqa: E402
    AgencyFactory,
    AgencyStaffFactory,
    ApplicationFactory,
    BodyFactory,
    CertifierFactory,
    DocumentFactory,
    UserFactory,
)

RECOMPUTE = "grants.recompute_agency_eligibility"
ran: list[int] = []


def count(sender=None, args=None, **_) -> None:
    if sender is not None and sender.name == RECOMPUTE:
        ran.append(args[0])


def ready_draft():
    body = BodyFactory()
    agency = AgencyFactory(state="CA")
    staff = AgencyStaffFactory(agency=agency)
    certifier = CertifierFactory(credentialing_body=body)
    draft = ApplicationFactory(
        agency=agency,
        body=body,
        created_by=staff,
        attests_legal_compliance=True,
        attests_chokehold_prohibition=True,
    )
    DocumentFactory(application=draft, kind="use_of_force_policy", uploaded_by=staff)
    DocumentFactory(application=draft, kind="signed_declaration", uploaded_by=staff)
    return draft, staff, certifier


def transitions(draft, staff, certifier, count: int) -> int:
    steps = [
        lambda: credentialing.start_review(application=draft, actor=certifier),
        lambda: credentialing.return_application(application=draft, actor=certifier, note="Which policy?"),
        lambda: credentialing.submit_application(application=draft, actor=staff),
    ]
    credentialing.submit_application(application=draft, actor=staff)
    for number in range(count - 1):
        steps[number % 3]()
    return draft.agency_id


def right(agency_id: int) -> bool:
    if RecomputeRequest.objects.filter(agency_id=agency_id).exists():
        return False
    row = AgencyEligibility.objects.filter(agency_id=agency_id).first()
    agency_types, facts = load_facts([agency_id])
    rule = evaluate(
        agency_type=agency_types[agency_id],
        applications=facts.get(agency_id, ()),
        today=today(),
        run=load_runs([agency_id]).get(agency_id, NO_REPORTS),
    )
    return row is not None and (row.eligible, row.basis, row.reason, row.application_id) == (
        rule.eligible,
        rule.basis,
        rule.reason,
        rule.application_id,
    )


def settle(agency_id: int, timeout: float = 60) -> tuple[float, bool]:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if right(agency_id):
            return time.perf_counter() - start, True
        time.sleep(0.005)
    return time.perf_counter() - start, False


def worker():
    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--counts", type=int, nargs="+", default=[1, 4, 12, 40])
    parser.add_argument("--delay", type=float, default=settings.ELIGIBILITY_COALESCE_SECONDS)
    args = parser.parse_args()
    settings.ELIGIBILITY_COALESCE_SECONDS = args.delay
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the notices are not the point
    app.conf.task_always_eager = False
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    task_prerun.connect(count, weak=False)
    # Names and ORIs unique across runs on the same database: the factories count on from what is there.
    AgencyFactory.reset_sequence(Agency.objects.count())
    BodyFactory.reset_sequence(CredentialingBody.objects.count())
    UserFactory.reset_sequence(User.objects.count())
    print(f"ELIGIBILITY_COALESCE_SECONDS = {args.delay}")
    print(f"{'worker':<8} {'K':>4} {'recomputes':>10} {'transitions/s':>13} {'lag after last ms':>17}  right")
    for mode in ("running", "idle"):
        for k in args.counts:
            ran.clear()
            ready = ready_draft()
            if mode == "running":
                with worker():
                    start = time.perf_counter()
                    agency_id = transitions(*ready, k)
                    elapsed = time.perf_counter() - start
                    lag, ok = settle(agency_id)
            else:
                start = time.perf_counter()
                agency_id = transitions(*ready, k)
                elapsed = time.perf_counter() - start
                with worker():
                    lag, ok = settle(agency_id)
            made = len([a for a in ran if a == agency_id])
            print(f"{mode:<8} {k:>4} {made:>10} {k / elapsed:>13.0f} {lag * 1000:>17.0f}  {ok}")


if __name__ == "__main__":
    main()
