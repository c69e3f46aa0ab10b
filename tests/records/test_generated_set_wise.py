"""On generated data with Sec. 3 reports: the set-wise recompute equals the per-agency task and the rule,
and a program's applicants filter selects exactly what the rule says of each, now and as of a date."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from grants import services
from grants.eligibility import ReportingRun, evaluate
from grants.facts import load_facts, load_runs
from grants.filters import ApplicantFilter
from grants.models import AgencyEligibility, GrantProgram
from grants.selectors import applicants_of, program_eligibility
from records.models import QuarterlyReport, UseOfForceRecord
from records.quarters import Quarter, last_complete

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 30)
FIELDS = ("agency_id", "eligible", "basis", "reason", "application_id", "reported_from", "reported_through")


def flags():
    return {row[0]: row[1:] for row in AgencyEligibility.objects.values_list(*FIELDS)}


@pytest.fixture
def generated():
    call_command("generate_national_data", scale=0.01, seed=5, today=TODAY, stdout=StringIO())


def test_set_wise_equals_per_agency_and_the_rule_with_reports(generated):
    assert UseOfForceRecord.objects.count() > 100 and QuarterlyReport.objects.exists()
    set_wise = flags()
    assert any(values[4] is None for values in set_wise.values())  # some never reported
    assert any(values[4] is not None for values in set_wise.values())

    AgencyEligibility.objects.all().delete()
    for agency_id in set_wise:
        services.recompute_agency_eligibility(agency_id=agency_id, today=TODAY)
    assert flags() == set_wise

    agency_types, facts = load_facts(None)
    runs = load_runs(None)
    for agency_id, agency_type in agency_types.items():
        result = evaluate(
            agency_type=agency_type,
            applications=facts.get(agency_id, ()),
            today=TODAY,
            run=runs.get(agency_id, ReportingRun()),
        )
        assert set_wise[agency_id] == (
            result.eligible,
            result.basis,
            result.reason,
            result.application_id,
            result.run.reported_from,
            result.run.reported_through,
        )


@pytest.fixture
def generated_today():
    call_command("generate_national_data", scale=0.01, seed=5, stdout=StringIO())


def test_the_applicants_sql_agrees_with_the_rule(generated_today, django_assert_max_num_queries):
    last = last_complete(timezone.localdate())
    for start in (Quarter(2024, 1), last.previous().previous(), last, last.next()):
        check_program(start.start, last, django_assert_max_num_queries)


def check_program(start, last, django_assert_max_num_queries):
    program = GrantProgram.objects.filter(kind="discretionary").order_by("-fiscal_year").first()
    GrantProgram.objects.filter(pk=program.pk).update(applies_sec3d=True, sec3d_reporting_from=start)
    program.refresh_from_db()
    with django_assert_max_num_queries(1):
        rows = list(applicants_of(program))
    assert rows
    outcomes = set()
    for row in rows:
        answer = program_eligibility(row, program=program)
        assert row.reporting_holds is answer.reporting.holds
        assert row.is_eligible is answer.eligible
        outcomes.add(answer.reporting.basis)
    if start <= last.start:
        assert {"reported", "missing"} <= outcomes
    else:
        assert outcomes <= {"not_yet_due", "exempt"}
    failing = ApplicantFilter({"reporting": "no"}, program=program).qs
    assert {r.pk for r in failing} == {r.pk for r in rows if not r.reporting_holds}
