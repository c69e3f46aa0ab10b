"""The Sec. 4 priority rule: one pure function, its SQL mirror agreeing with it, and the past answerable."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from community.models import SupportProgram
from community.priority import NO_PROGRAM_REASON, ProgramFacts, active_on, is_active, priority
from community.services import update_program
from grants.priority import annotate_sec4, answers_for
from grants.selectors import end_of_day
from tests.factories import AgencyFactory, sec4_program, sec4_terms

RIVERBEND = [{"name": "Riverbend Community Mental Health", "kind": "mental_health_provider"}]


def facts(started, ended=None, model="co_responder", trained=64, pid=1, partners=RIVERBEND):
    return ProgramFacts(pid, model, "", partners, started, ended, trained)


def test_met_reads_as_the_issue_asks():
    answer = priority([facts(date(2024, 3, 4))], date(2026, 1, 1))
    assert answer.met
    assert answer.reason == (
        "co-responder team with Riverbend Community Mental Health since March 2024; 64% of officers trained"
    )


def test_not_met_says_why():
    assert priority([], date(2026, 1, 1)).reason == NO_PROGRAM_REASON
    ended = priority(
        [facts(date(2022, 1, 1), date(2025, 6, 30), model="homelessness_outreach")], date(2026, 1, 1)
    )
    assert not ended.met
    assert (
        ended.reason == "homelessness outreach with Riverbend Community Mental Health ended on June 30, 2025"
    )
    later = priority([facts(date(2026, 5, 1))], date(2026, 1, 1))
    assert not later.met and "not started until May 1, 2026" in later.reason


def test_the_end_day_itself_no_longer_counts():
    program = facts(date(2024, 1, 1), date(2025, 1, 1))
    assert is_active(program, date(2024, 12, 31)) and not is_active(program, date(2025, 1, 1))


@pytest.mark.django_db
@settings(deadline=None, max_examples=60)
@given(
    start=st.dates(date(2023, 1, 1), date(2025, 12, 31)),
    length=st.one_of(st.none(), st.integers(1, 800)),
    day=st.dates(date(2022, 6, 1), date(2026, 6, 1)),
)
def test_the_sql_mirror_agrees_with_the_rule(start, length, day):
    SupportProgram.objects.all().delete()
    agency = AgencyFactory()
    ended = None if length is None else start + timedelta(days=length)
    SupportProgram.objects.create(
        agency=agency,
        created_by=_someone(),
        **{**sec4_terms(started_on=start, ended_on=ended), "training_date": None},
    )
    in_sql = SupportProgram.objects.filter(active_on(day), agency=agency).exists()
    assert in_sql == is_active(facts(start, ended), day)


def _someone():
    from tests.factories import AgencyStaffFactory

    return AgencyStaffFactory()


@pytest.mark.django_db
def test_the_answer_as_of_a_past_day_is_what_was_on_record_then(staff, monkeypatch):
    real_now = timezone.now()
    today = timezone.localdate()
    agency_id = staff.agency_id

    def at(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    at(real_now - timedelta(days=10))
    program = sec4_program(actor=staff)
    # Yesterday the agency recorded that the program had ended five days ago.
    at(real_now - timedelta(days=1))
    update_program(
        actor=staff, program=program, note="Ended", **sec4_terms(ended_on=today - timedelta(days=5))
    )
    monkeypatch.undo()

    assert not answers_for([agency_id])[agency_id].met
    # A week ago it was running, and on record as running.
    week_ago = end_of_day(today - timedelta(days=7))
    assert answers_for([agency_id], as_of=week_ago)[agency_id].met
    # Three days ago the record still said it ran: the past is what was on record then, not rewritten.
    three_days_ago = end_of_day(today - timedelta(days=3))
    assert answers_for([agency_id], as_of=three_days_ago)[agency_id].met
    # Before it was recorded, nothing was on record.
    long_ago = end_of_day(today - timedelta(days=20))
    assert answers_for([agency_id], as_of=long_ago)[agency_id].reason == NO_PROGRAM_REASON

    agencies = type(staff.agency).objects.filter(pk=agency_id)
    assert annotate_sec4(agencies, agency_ref="pk").get().sec4_met is False
    for moment, expected in ((week_ago, True), (three_days_ago, True), (long_ago, False)):
        assert annotate_sec4(agencies, agency_ref="pk", as_of=moment).get().sec4_met is expected
