"""A change's task takes the other waiting agencies along (PostgreSQL): one set-wise pass for a backlog,
and the tasks that follow find their agency already taken."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants import services
from grants.models import AgencyEligibility, RecomputeRequest
from tests.factories import ApplicationFactory

from .pending import another_connection, changes_waiting, flags_follow_the_rule

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_task_recomputes_the_backlog_and_the_next_ones_have_nothing_to_do():
    waiting = changes_waiting(6)
    assert not flags_follow_the_rule(waiting)

    assert services.recompute_pending(agency_id=waiting[3]) == 6
    assert flags_follow_the_rule(waiting)
    assert not RecomputeRequest.objects.exists()

    with CaptureQueriesContext(connection) as captured:
        assert services.recompute_pending(agency_id=waiting[0]) == 0
    # The locks (advisory, the agency's row) and one DELETE that finds nothing, sent as one round trip:
    # no fact is read again.
    sent = [q["sql"] for q in captured.captured_queries]
    assert [sql.split()[0] for sql in sent] == ["BEGIN", "SELECT", "COMMIT"], sent
    assert [line.split()[0] for line in sent[1].splitlines()] == ["SELECT", "SELECT", "DELETE"], sent[1]


def test_a_row_someone_else_holds_is_left_to_its_own_task():
    first, held, other = changes_waiting(3)
    with another_connection() as elsewhere:
        # Another pass has taken this row and has not committed yet.
        elsewhere.execute("DELETE FROM grants_recomputerequest WHERE agency_id = %s", [held])
        assert services.recompute_pending(agency_id=first) == 2
        assert flags_follow_the_rule([first, other])
        assert not AgencyEligibility.objects.filter(agency_id=held).exists()
        elsewhere.rollback()
    # Its row is back, and its own task recomputes it.
    assert list(RecomputeRequest.objects.values_list("agency_id", flat=True)) == [held]
    assert services.recompute_pending(agency_id=held) == 1
    assert flags_follow_the_rule([held])


def test_an_agency_someone_else_holds_is_left_with_its_row():
    first, busy = changes_waiting(2)
    with another_connection() as elsewhere:
        # An agency edit (or another recompute) holds the agency's row: waiting for it could close a cycle.
        elsewhere.execute("SELECT id FROM agencies_agency WHERE id = %s FOR NO KEY UPDATE", [busy])
        assert services.recompute_pending(agency_id=first) == 1
        elsewhere.rollback()
    assert list(RecomputeRequest.objects.values_list("agency_id", flat=True)) == [busy]
    assert services.recompute_pending(agency_id=busy) == 1
    assert flags_follow_the_rule([first, busy])


def test_an_explicit_recompute_still_runs_without_an_outbox_row():
    application = ApplicationFactory(submitted=True)
    assert services.recompute_pending(agency_id=application.agency_id) == 0
    assert services.recompute_agency_eligibility(agency_id=application.agency_id) is True
