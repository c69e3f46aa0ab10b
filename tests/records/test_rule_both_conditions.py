"""The rule with both conditions: a table of cases and a property against a brute-force reading."""

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agencies.models import AgencyType
from credentialing.models import CertificationStatus
from credentialing.states import ApplicationStatus
from grants.eligibility import ApplicationFacts, ReportingRun, evaluate, reporting_condition
from grants.models import EligibilityBasis, ReportingBasis
from records.quarters import Quarter, between, last_complete, latest_run

TODAY = date(2026, 11, 22)  # last complete quarter: 2026 Q3
CREDENTIAL = ApplicationFacts(
    id=7,
    status=ApplicationStatus.APPROVED,
    body_name="State POST",
    body_status=CertificationStatus.CERTIFIED,
    body_status_changed_at=None,
    submitted_at=None,
    status_changed_at=datetime(2025, 7, 1, 12, tzinfo=UTC),
    expires_on=date(2028, 7, 1),
)
Q = Quarter


def run(first: Quarter | None, last: Quarter | None) -> ReportingRun:
    return ReportingRun(first.start if first else None, last.start if last else None)


# (agency type, credentialed, run, program start) -> (eligible, reporting basis or None, reason ends with)
CASES = [
    ("local_police", True, run(None, None), None, True, None, "valid through June 30, 2028"),
    (
        "local_police",
        True,
        run(Q(2026, 1), Q(2026, 3)),
        Q(2026, 1),
        True,
        ReportingBasis.REPORTED,
        "2026 Q1 to 2026 Q3",
    ),
    ("local_police", True, run(Q(2025, 3), Q(2026, 3)), Q(2026, 3), True, ReportingBasis.REPORTED, "2026 Q3"),
    (
        "local_police",
        True,
        run(Q(2026, 1), Q(2026, 2)),
        Q(2026, 1),
        False,
        ReportingBasis.MISSING,
        "no Sec. 3 report for 2026 Q3",
    ),
    (
        "local_police",
        True,
        run(Q(2026, 2), Q(2026, 3)),
        Q(2026, 1),
        False,
        ReportingBasis.MISSING,
        "no Sec. 3 report for 2026 Q1",
    ),
    (
        "local_police",
        True,
        run(None, None),
        Q(2026, 1),
        False,
        ReportingBasis.MISSING,
        "no Sec. 3 report for 2026 Q3",
    ),
    (
        "local_police",
        True,
        run(None, None),
        Q(2026, 4),
        True,
        ReportingBasis.NOT_YET_DUE,
        "reporting starts with 2026 Q4",
    ),
    (
        "local_police",
        False,
        run(Q(2026, 1), Q(2026, 3)),
        Q(2026, 1),
        False,
        ReportingBasis.REPORTED,
        "2026 Q1 to 2026 Q3",
    ),
    (
        "local_police",
        False,
        run(None, None),
        Q(2026, 1),
        False,
        ReportingBasis.MISSING,
        "no Sec. 3 report for 2026 Q3",
    ),
    ("tribal", False, run(None, None), Q(2026, 1), True, ReportingBasis.EXEMPT, "Sec. 2(a) requirement"),
    ("tribal", False, run(None, None), None, True, None, "Sec. 2(a) requirement"),
]


@pytest.mark.parametrize(
    ("agency_type", "credentialed", "reports", "start", "eligible", "basis", "ending"), CASES
)
def test_both_conditions(agency_type, credentialed, reports, start, eligible, basis, ending):
    result = evaluate(
        agency_type=agency_type,
        applications=[CREDENTIAL] if credentialed else [],
        today=TODAY,
        run=reports,
        reporting_start=start.start if start else None,
    )
    assert result.eligible is eligible
    assert result.reason.endswith(ending), result.reason
    if basis is None:
        assert result.reporting is None
    else:
        assert result.reporting is not None and result.reporting.basis == basis
    assert result.credentialing is not None
    if agency_type == AgencyType.TRIBAL:
        assert result.basis == EligibilityBasis.EXEMPT
    if credentialed and basis == ReportingBasis.MISSING:
        # The reason names the condition that holds and the one that fails.
        assert result.reason.startswith(
            "credentialed by State POST (application APP-000007), valid through June 30, 2028;"
            " no Sec. 3 report"
        )


def test_reason_names_both_conditions_in_words():
    result = evaluate(
        agency_type="local_police",
        applications=[CREDENTIAL],
        today=TODAY,
        run=run(Q(2025, 1), Q(2026, 2)),
        reporting_start=Q(2026, 1).start,
    )
    assert (
        result.reason == "credentialed by State POST (application APP-000007), valid through June 30, 2028;"
        " no Sec. 3 report for 2026 Q3"
    )


quarters = st.builds(Quarter, st.integers(2020, 2027), st.integers(1, 4)).filter(
    lambda q: q >= Quarter(2020, 3)
)


@given(
    reported=st.sets(quarters, max_size=16),
    start=quarters,
    today=st.dates(date(2021, 1, 1), date(2028, 12, 31)),
    tribal=st.booleans(),
)
def test_reporting_condition_is_every_complete_quarter_since_the_start(reported, start, today, tribal):
    last = last_complete(today)
    reported = {q for q in reported if q <= last}  # only ended quarters can be reported
    first, through = latest_run({q.start for q in reported})
    part = reporting_condition(
        agency_type=AgencyType.TRIBAL if tribal else AgencyType.LOCAL_POLICE,
        run=ReportingRun(first, through),
        start=start.start,
        today=today,
    )
    required = between(start, last)
    expected = tribal or all(q in reported for q in required)
    assert part.holds is expected
    if not part.holds:
        missing = max(q for q in required if q not in reported)
        assert part.reason == f"no Sec. 3 report for {missing}"
