"""Coalesced recomputes against the real broker and a real worker, on committed transactions.

An agency has at most one pending outbox row: changes made while it is pending join it and enqueue
nothing, so many transitions in a row cost fewer recomputes than changes; a change that comes once a
recompute has taken the row makes a new one and enqueues its own, so nothing is lost; and a change
holding its application's row never blocks a running recompute (no lock cycle between the two).
"""

import base64
import json

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_prerun
from django.db import connection

from config.celery import app
from credentialing import services as credentialing
from credentialing.dates import today
from credentialing.models import Finding, Standard, StandardKind
from grants import services
from grants.eligibility import NO_REPORTS, evaluate
from grants.facts import load_facts, load_runs
from grants.models import AgencyEligibility, RecomputeRequest
from tests.waiting import wait_for

from .pending import another_connection, in_thread, waiting_on_locks

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

RECOMPUTE = "grants.recompute_agency_eligibility"


@pytest.fixture(autouse=True)
def _empty_queue():
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)
    yield
    connection.close()


@pytest.fixture
def recomputes():
    """The agency ids of the recomputes the worker runs, as it starts each."""
    ran: list[int] = []

    def count(sender=None, args=None, **_):
        if sender is not None and sender.name == RECOMPUTE:
            ran.append(args[0])

    task_prerun.connect(count, weak=False)
    yield ran
    task_prerun.disconnect(count)


def worker():
    return start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING")


def queued_recomputes() -> list[int]:
    """The agency ids of the recomputes waiting in the queue (no worker consuming)."""
    with app.connection_for_write() as conn:
        messages = conn.default_channel.client.lrange(app.conf.task_default_queue, 0, -1)
    decoded = [json.loads(raw) for raw in messages]
    return [
        json.loads(base64.b64decode(message["body"]))[0][0]
        for message in decoded
        if message["headers"]["task"] == RECOMPUTE
    ]


def stored(agency_id: int) -> tuple | None:
    row = AgencyEligibility.objects.filter(agency_id=agency_id).first()
    return None if row is None else (row.eligible, row.basis, row.reason, row.application_id)


def by_the_rule(agency_id: int) -> tuple:
    agency_types, facts = load_facts([agency_id])
    result = evaluate(
        agency_type=agency_types[agency_id],
        applications=facts.get(agency_id, ()),
        today=today(),
        run=load_runs([agency_id]).get(agency_id, NO_REPORTS),
    )
    return (result.eligible, result.basis, result.reason, result.application_id)


def settled(agency_id: int) -> bool:
    return not RecomputeRequest.objects.exists() and stored(agency_id) == by_the_rule(agency_id)


def back_and_forth(draft, staff, certifier) -> int:
    """Twelve transitions of one application, ending denied; returns how many."""
    credentialing.submit_application(application=draft, actor=staff)
    for _ in range(3):
        credentialing.start_review(application=draft, actor=certifier)
        credentialing.return_application(application=draft, actor=certifier, note="Which policy applies?")
        credentialing.submit_application(application=draft, actor=staff)
    credentialing.start_review(application=draft, actor=certifier)
    credentialing.deny_application(application=draft, actor=certifier, note="Chokeholds permitted.")
    return 12


def test_transitions_made_before_the_worker_runs_cost_one_recompute(draft, staff, certifier, recomputes):
    transitions = back_and_forth(draft, staff, certifier)
    # Every change after the first joined the pending row and enqueued nothing.
    assert queued_recomputes() == [draft.agency_id]
    assert RecomputeRequest.objects.filter(agency=draft.agency).count() == 1
    with worker():
        assert wait_for(lambda: settled(draft.agency_id)), (
            stored(draft.agency_id),
            by_the_rule(draft.agency_id),
        )
    assert recomputes == [draft.agency_id]
    print(f"\n{len(recomputes)} recompute for {transitions} transitions of one agency (worker idle)")
    assert stored(draft.agency_id)[:2] == (False, "none")


def test_transitions_while_the_worker_runs_cost_fewer_recomputes(
    draft, staff, certifier, recomputes, settings
):
    settings.ELIGIBILITY_COALESCE_SECONDS = 0.5
    with worker():
        transitions = back_and_forth(draft, staff, certifier)
        assert wait_for(lambda: settled(draft.agency_id)), (
            stored(draft.agency_id),
            by_the_rule(draft.agency_id),
        )
        # Nothing was left for a fresh recompute to correct.
        assert app.tasks[RECOMPUTE].delay(draft.agency_id).get(timeout=15) is False
    made = len(recomputes) - 1
    print(f"\n{made} recomputes for {transitions} transitions of one agency (worker running)")
    assert 1 <= made < transitions
    assert set(recomputes) == {draft.agency_id}


def test_a_change_made_after_the_recompute_took_the_row_is_not_lost(draft, staff, certifier, recomputes):
    """The recompute has deleted the pending row and read the facts; a change comes before it commits.
    The change waits for it at the pending row, then makes a new row and enqueues a recompute of its own."""
    agency = draft.agency
    credentialing.submit_application(application=draft, actor=staff)
    with another_connection() as holder:
        # An uncommitted flag row of the agency makes the recompute stop where it stores the flag: after
        # it has deleted the pending row and read the facts.
        holder.execute(
            "INSERT INTO grants_agencyeligibility (agency_id, eligible, basis, reason, changed_at) "
            "VALUES (%s, false, 'none', 'held', now())",
            [agency.pk],
        )
        recompute, recomputed = in_thread(lambda: services.recompute_agency_eligibility(agency_id=agency.pk))
        assert wait_for(lambda: any("grants_agencyeligibility" in q for q in waiting_on_locks()))
        change, changed = in_thread(lambda: credentialing.start_review(application=draft, actor=certifier))
        assert wait_for(lambda: any("grants_recomputerequest" in q for q in waiting_on_locks()))
        holder.rollback()
    recompute.join(15)
    change.join(15)
    assert not recompute.is_alive() and not change.is_alive()
    assert recomputed == [True] and not isinstance(changed[0], Exception), (recomputed, changed)
    before_the_change = stored(agency.pk)
    # The change's own row and its own recompute, after the one the submission enqueued.
    assert RecomputeRequest.objects.filter(agency=agency).count() == 1
    assert queued_recomputes() == [agency.pk, agency.pk]
    with worker():
        assert wait_for(lambda: settled(agency.pk)), (stored(agency.pk), by_the_rule(agency.pk))
    assert stored(agency.pk) != before_the_change  # the recompute that read too early was not the last


def test_an_approval_holding_its_application_does_not_block_a_running_recompute(draft, staff, certifier):
    """The cycle seen before: a change holds its application, a recompute that has deleted the pending
    row checks its foreign key to that application, and the change then waits at the pending row. The
    change's lock (FOR NO KEY UPDATE) no longer blocks the check, so the recompute ends first."""
    agency = draft.agency
    credentialing.submit_application(application=draft, actor=staff)
    credentialing.start_review(application=draft, actor=certifier)
    for standard in Standard.objects.filter(kind=StandardKind.MANDATORY):
        Finding.objects.create(application=draft, standard=standard, outcome="met", recorded_by=certifier)
    assert RecomputeRequest.objects.filter(agency=agency).count() == 1
    with another_connection() as holder:
        # The body held elsewhere: the approval stops after locking its application, before writing.
        holder.execute(
            "SELECT 1 FROM credentialing_credentialingbody WHERE id = %s FOR UPDATE", [draft.body_id]
        )
        approval, approved = in_thread(
            lambda: credentialing.approve_application(application=draft, actor=certifier)
        )
        assert wait_for(lambda: any("credentialing_credentialingbody" in q for q in waiting_on_locks()))
        recompute, recomputed = in_thread(lambda: services.recompute_agency_eligibility(agency_id=agency.pk))
        recompute.join(15)
        assert not recompute.is_alive(), f"the recompute waits for the approval: {waiting_on_locks()}"
        assert recomputed == [True]
        holder.rollback()
    approval.join(15)
    assert not approval.is_alive() and not isinstance(approved[0], Exception), approved
    assert RecomputeRequest.objects.filter(agency=agency).count() == 1  # the approval's own, new row
    with worker():
        assert wait_for(lambda: settled(agency.pk)), (stored(agency.pk), by_the_rule(agency.pk))
    assert stored(agency.pk)[:2] == (True, "credentialed")
