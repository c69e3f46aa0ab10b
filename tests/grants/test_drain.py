"""The drain (PostgreSQL): every agency waiting in the outbox when it starts, a pass at a time, whatever
holds them; it ends while changes keep coming."""

import pytest

from grants import services
from grants.models import AgencyEligibility, RecomputeRequest
from grants.services import eligibility
from tests.factories import ApplicationFactory
from tests.waiting import wait_for

from .pending import another_connection, changes_waiting, flags_follow_the_rule, in_thread, waiting_on_locks

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_the_drain_takes_more_than_one_pass_can(monkeypatch):
    monkeypatch.setattr(eligibility, "DRAIN_LIMIT", 2)
    waiting = changes_waiting(8)
    passes = []
    one_pass = eligibility.recompute_pending

    def counted(**kwargs):
        passes.append(kwargs["agency_id"])
        return one_pass(**kwargs)

    monkeypatch.setattr(eligibility, "recompute_pending", counted)
    assert services.drain_pending() == 8
    assert flags_follow_the_rule(waiting)
    assert not RecomputeRequest.objects.exists()
    # Three agencies a pass (its own and two along), oldest row first.
    assert passes == [waiting[0], waiting[3], waiting[6]]
    assert services.drain_pending() == 0


def test_the_drain_waits_for_an_agency_someone_holds():
    """A change's own task skips an agency held elsewhere (its own task takes it later); the drain has no
    such task behind it, so it waits for the agency and then takes it."""
    first, busy, last = changes_waiting(3)
    with another_connection() as elsewhere:
        # An agency edit in progress holds the agency's row.
        elsewhere.execute("SELECT id FROM agencies_agency WHERE id = %s FOR NO KEY UPDATE", [busy])
        drain, drained = in_thread(services.drain_pending)
        assert wait_for(waiting_on_locks)
        assert drain.is_alive()
        elsewhere.commit()
    drain.join(15)
    assert not drain.is_alive()
    assert drained == [3]
    assert flags_follow_the_rule([first, busy, last])
    assert not RecomputeRequest.objects.exists()


def test_a_row_another_recompute_took_is_left_to_it():
    first, taken = changes_waiting(2)
    with another_connection() as elsewhere:
        # Another recompute has deleted the row and has not committed yet.
        elsewhere.execute("DELETE FROM grants_recomputerequest WHERE agency_id = %s", [taken])
        drain, drained = in_thread(services.drain_pending)
        assert wait_for(waiting_on_locks)
        elsewhere.commit()
    drain.join(15)
    assert not drain.is_alive()
    assert drained == [1]
    assert flags_follow_the_rule([first])
    # That recompute's work, not the drain's.
    assert not AgencyEligibility.objects.filter(agency_id=taken).exists()


def test_rows_made_after_the_drain_started_are_left_to_the_next(monkeypatch):
    """Changes that keep coming do not keep one drain running: each asked for a drain of its own."""
    monkeypatch.setattr(eligibility, "DRAIN_LIMIT", 0)
    waiting = changes_waiting(3)
    one_pass = eligibility.recompute_pending
    later: list[int] = []

    def with_a_change_behind(**kwargs):
        assert len(later) < 10, "the drain does not end"
        changed = one_pass(**kwargs)
        # A change commits while the drain runs.
        later.append(ApplicationFactory(submitted=True).agency_id)
        RecomputeRequest.objects.create(agency_id=later[-1])
        return changed

    monkeypatch.setattr(eligibility, "recompute_pending", with_a_change_behind)
    assert services.drain_pending() == 3
    assert flags_follow_the_rule(waiting)
    assert sorted(RecomputeRequest.objects.values_list("agency_id", flat=True)) == sorted(later)
    assert len(later) == 3
