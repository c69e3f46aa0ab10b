"""Every figure of the dashboards equals a direct count over generated data, now and at past days.

The data are flags and histories written as the recompute writes them; the expected figures are counted
here in Python from the generated description, not from the database.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from grants.dashboard import national_overview, program_dashboard, trend_days
from grants.eligibility import EXEMPT_REASON
from grants.models import AgencyEligibility, EligibilityChange
from tests.factories import (
    AgencyFactory,
    ApplicationFactory,
    BodyFactory,
    GrantApplicantFactory,
    ProgramFactory,
)

# (eligible, basis, reason, the kind of reason a person would file it under)
OUTCOMES = [
    (True, "credentialed", "credentialed by Body, valid through 2028-06-30", None),
    (True, "in_process", "application 7 under review by Body since 2026-01-02", None),
    (True, "exempt", EXEMPT_REASON, None),
    (False, "none", "no application", "no_application"),
    (False, "none", "Body's AG certification was revoked on 2026-03-01", "body_revoked"),
    (False, "none", "Body's AG certification has been suspended since 2026-03-01", "body_suspended"),
    (False, "none", "credential from Body expired on 2026-02-01", "credential_expired"),
    (
        False,
        "none",
        "credential from Body (application APP-000010) expired: valid through November 5, 2026",
        "credential_expired",
    ),
    (False, "none", "application 9 was denied by Body on 2026-01-05", "denied"),
    (
        False,
        "none",
        "credentialed by Body, valid through 2028-06-30; no Sec. 3 report for 2026 Q3",
        "sec3_report",
    ),
    (False, "none", "something the rule says one day", "other"),
]
STATES = ["TX", "CA", "PR", "GU"]
TYPES = ["local_police", "sheriff", "tribal"]

agency_specs = st.fixed_dictionaries(
    {
        "state": st.sampled_from(STATES),
        "type": st.sampled_from(TYPES),
        "amount": st.integers(min_value=1, max_value=10**6),
        "body": st.integers(min_value=0, max_value=1),
        # (days ago, outcome): the history, at most one change a day
        "history": st.lists(
            st.tuples(st.integers(min_value=0, max_value=70), st.integers(0, len(OUTCOMES) - 1)),
            max_size=3,
            unique_by=lambda entry: entry[0],
        ),
        "flag": st.booleans(),  # whether the current flag has been computed yet
    }
)


def noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def at(spec: dict, day: date | None) -> tuple[bool, str, str | None, bool]:
    """(eligible, basis, kind of reason, body known) of the agency at the end of ``day``, or now."""
    history = sorted(spec["history"], reverse=True)  # oldest first: most days ago first
    if day is None:
        if not (spec["flag"] and history):
            return False, "none", "not_recorded", False
        eligible, basis, _, kind = OUTCOMES[history[-1][1]]
        return eligible, basis, kind, eligible and basis != "exempt"
    today = timezone.localdate()
    past = [outcome for ago, outcome in history if today - timedelta(days=ago) <= day]
    if not past:
        return False, "none", "not_recorded", False
    eligible, basis, _, kind = OUTCOMES[past[-1]]
    return eligible, basis, kind, eligible and basis != "exempt"


def expected(specs: list[dict], day: date | None) -> dict:
    states = [at(spec, day) for spec in specs]
    by_status = {
        "eligible": sum(1 for e, *_ in states if e),
        "credentialed": sum(1 for e, b, *_ in states if e and b == "credentialed"),
        "in_process": sum(1 for e, b, *_ in states if e and b == "in_process"),
        "exempt": sum(1 for e, b, *_ in states if e and b == "exempt"),
        "not_eligible": sum(1 for e, *_ in states if not e),
    }
    dollars = {
        "eligible": sum(s["amount"] for s, (e, *_) in zip(specs, states, strict=True) if e),
        "not_eligible": sum(s["amount"] for s, (e, *_) in zip(specs, states, strict=True) if not e),
        "credentialed": sum(
            s["amount"] for s, (e, b, *_) in zip(specs, states, strict=True) if e and b == "credentialed"
        ),
    }
    by_state = {}
    for spec, (eligible, *_) in zip(specs, states, strict=True):
        total, yes = by_state.get(spec["state"], (0, 0))
        by_state[spec["state"]] = (total + 1, yes + int(eligible))
    reasons = Counter(kind for eligible, _, kind, _ in states if not eligible)
    bodies = Counter(spec["body"] for spec, (*_, body_known) in zip(specs, states, strict=True) if body_known)
    return {
        "total": len(specs),
        "by_status": by_status,
        "dollars": dollars,
        "dollars_total": sum(s["amount"] for s in specs),
        "by_state": by_state,
        "reasons": dict(reasons),
        "bodies": dict(bodies),
    }


class DashboardFiguresTest(TestCase):
    def make(self, specs: list[dict]):
        bodies = [BodyFactory(name="Alpha Commission"), BodyFactory(name="Beta Commission")]
        program = ProgramFactory(application_deadline=timezone.localdate() - timedelta(days=20))
        today = timezone.localdate()
        for n, spec in enumerate(specs):
            agency = AgencyFactory(
                state=spec["state"], agency_type=spec["type"], ori=f"{spec['state']}{n:05d}00"
            )
            GrantApplicantFactory(program=program, agency=agency, amount_requested=spec["amount"])
            application = ApplicationFactory(agency=agency, body=bodies[spec["body"]])
            last = None
            for ago, outcome in sorted(spec["history"], reverse=True):
                eligible, basis, reason, _ = OUTCOMES[outcome]
                linked = application if eligible and basis != "exempt" else None
                EligibilityChange.objects.create(
                    agency=agency,
                    eligible=eligible,
                    basis=basis,
                    reason=reason,
                    application=linked,
                    changed_at=noon(today - timedelta(days=ago)),
                )
                last = (eligible, basis, reason, linked)
            if spec["flag"] and last:
                AgencyEligibility.objects.create(
                    agency=agency, eligible=last[0], basis=last[1], reason=last[2], application=last[3]
                )
        return program, bodies

    def check(self, counts, want: dict, *, dollars: bool) -> None:
        assert counts.total == want["total"]
        assert counts.by_status == want["by_status"]
        if dollars:
            assert counts.dollars_total == Decimal(want["dollars_total"])
            for key, amount in want["dollars"].items():
                assert counts.dollars[key] == Decimal(amount), key

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(specs=st.lists(agency_specs, max_size=8))
    def test_program_and_national_figures_equal_direct_counts(self, specs):
        program, bodies = self.make(specs)
        today = timezone.localdate()
        for day in (None, today - timedelta(days=10), today - timedelta(days=35)):
            want = expected(specs, day)
            board = program_dashboard(program, as_of=day)
            self.check(board.now, want, dollars=True)
            self.check(board.at_deadline, expected(specs, program.application_deadline), dollars=True)
            got_states = {g.key: (g.counts.total, g.counts.by_status["eligible"]) for g in board.by_state}
            assert got_states == want["by_state"]
            assert {kind: n for kind, _, n in board.reasons} == want["reasons"]

            overview = national_overview(as_of=day, weeks=6)
            self.check(overview.counts, want, dollars=False)
            assert {
                g.key: (g.counts.total, g.counts.by_status["eligible"]) for g in overview.by_state
            } == want["by_state"]
            by_type = Counter(spec["type"] for spec in specs)
            assert {g.key: g.counts.total for g in overview.by_type} == dict(by_type)
            assert {kind: n for kind, _, n in overview.reasons} == want["reasons"]
            body_index = {str(body.pk): n for n, body in enumerate(bodies)}
            assert {body_index[g.key]: g.counts.total for g in overview.by_body} == want["bodies"]
            last = day or today
            starts = overview.trend.history_starts
            shown = [d for d in trend_days(last, 6) if starts is not None and d >= starts]
            assert [p.day for p in overview.trend.points] == shown
            for point in overview.trend.points:
                assert point.eligible == expected(specs, point.day)["by_status"]["eligible"], point.day


@pytest.mark.parametrize("applicants", [3, 30])
def test_dashboards_cost_a_fixed_number_of_queries(applicants, django_assert_num_queries, db):
    program = ProgramFactory()
    for n in range(applicants):
        GrantApplicantFactory(program=program, agency=AgencyFactory(ori=f"CA{n:05d}00"))
    with django_assert_num_queries(3):
        program_dashboard(program)
    with django_assert_num_queries(3):
        program_dashboard(program, as_of=timezone.localdate() - timedelta(days=3))
    with django_assert_num_queries(6):
        national_overview()


def test_the_trend_starts_where_the_history_starts(db):
    """Weeks before the first recorded change are not drawn as 0: the trend starts with the first week
    that has history, and says from when."""
    today = timezone.localdate()
    starts = today - timedelta(days=20)
    for n in range(2):
        EligibilityChange.objects.create(
            agency=AgencyFactory(ori=f"CA{n:05d}77"),
            eligible=True,
            basis="exempt",
            reason=EXEMPT_REASON,
            changed_at=noon(starts),
        )
    trend = national_overview(weeks=8).trend
    assert trend.history_starts == starts
    assert [p.day for p in trend.points] == [today - timedelta(weeks=n) for n in (2, 1, 0)]
    assert [p.eligible for p in trend.points] == [2, 2, 2]
    assert trend.cut


def test_without_history_there_is_no_trend(db):
    AgencyFactory()
    trend = national_overview(weeks=4).trend
    assert trend.points == [] and trend.history_starts is None and trend.cut is False


def test_an_expired_credential_is_counted_under_its_own_kind_not_another(db):
    from grants.reasons import reason_kind

    reason = "credential from Body (application APP-000010) expired: valid through November 5, 2026"
    AgencyEligibility.objects.create(agency=AgencyFactory(), eligible=False, basis="none", reason=reason)
    kinds = set(AgencyEligibility.objects.annotate(kind=reason_kind()).values_list("kind", flat=True))
    assert kinds == {"credential_expired"}
