"""``eligible_at_deadline`` reads the change in force at the end of the deadline day, row by row: the last
change at or before it (the later id on a tie), none meaning not eligible, and the program's Sec. 3(d)
condition applied to the run recorded then (a tribal agency exempt), filter and sort agreeing."""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from agencies.models import AgencyType
from grants.models import EligibilityChange
from grants.selectors import applicants_of, eligibility_as_of, end_of_day
from tests.factories import AgencyFactory, GrantApplicantFactory, ProgramFactory

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 3, 31)


def at(day: date, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def change(agency, when, eligible, **run):
    return EligibilityChange.objects.create(
        agency=agency, eligible=eligible, basis="in_process" if eligible else "none", reason="-",
        changed_at=when, **run,
    )  # fmt: skip


def test_the_change_in_force_at_the_end_of_the_deadline_day():
    program = ProgramFactory(application_deadline=DEADLINE)
    held = AgencyFactory(name="A held")
    change(held, at(DEADLINE - timedelta(days=10)), True)
    change(held, at(DEADLINE + timedelta(days=1), 0), False)  # the day after: does not count
    late = AgencyFactory(name="B late")
    change(late, at(DEADLINE - timedelta(days=10)), False)
    change(late, at(DEADLINE, 23), True)  # on the deadline day itself: counts
    never = AgencyFactory(name="C never")
    tie = AgencyFactory(name="D tie")
    change(tie, at(DEADLINE - timedelta(days=1)), True)
    change(tie, at(DEADLINE - timedelta(days=1)), False)  # same moment, later id: in force
    for agency in (held, late, never, tie):
        GrantApplicantFactory(program=program, agency=agency)

    rows = {row.agency.name: row.eligible_at_deadline for row in applicants_of(program)}
    assert rows == {"A held": True, "B late": True, "C never": False, "D tie": False}
    moment = end_of_day(DEADLINE)
    for agency in (held, late, never, tie):
        standing = eligibility_as_of(agency, moment)
        assert rows[agency.name] == bool(standing and standing.eligible)

    chosen = applicants_of(program).filter(eligible_at_deadline=True).order_by("agency__name")
    assert [row.agency.name for row in chosen] == ["A held", "B late"]
    ordered = applicants_of(program).order_by("-eligible_at_deadline", "agency__name")
    assert [row.agency.name for row in ordered] == ["A held", "B late", "C never", "D tie"]


def test_the_reporting_condition_applies_to_the_run_recorded_then():
    start = date(2025, 1, 1)
    program = ProgramFactory(application_deadline=DEADLINE, applies_sec3d=True, sec3d_reporting_from=start)
    reported = AgencyFactory(name="A reported")
    change(
        reported,
        at(DEADLINE - timedelta(days=5)),
        True,
        reported_from=start,
        reported_through=date(2025, 10, 1),
    )
    behind = AgencyFactory(name="B behind")
    change(
        behind, at(DEADLINE - timedelta(days=5)), True, reported_from=start, reported_through=date(2025, 4, 1)
    )
    tribal = AgencyFactory(name="C tribal", agency_type=AgencyType.TRIBAL)
    change(tribal, at(DEADLINE - timedelta(days=5)), True)
    for agency in (reported, behind, tribal):
        GrantApplicantFactory(program=program, agency=agency)
    assert program.reporting_start == start

    rows = {row.agency.name: row.eligible_at_deadline for row in applicants_of(program)}
    assert rows == {"A reported": True, "B behind": False, "C tribal": True}
