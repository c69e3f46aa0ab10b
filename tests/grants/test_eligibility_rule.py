"""The Sec. 2(a) rule as a table: every application state x body certification x expiry side of today."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agencies.models import AgencyType
from common.humanize import human_date
from credentialing.models import CertificationStatus
from credentialing.states import ApplicationStatus
from grants.eligibility import EXEMPT_REASON, NO_APPLICATION_REASON, ApplicationFacts, evaluate
from grants.models import EligibilityBasis
from grants.services import recompute_agency_eligibility
from tests.factories import AgencyFactory, ApplicationFactory, BodyFactory

TODAY = date(2026, 11, 22)
NOON = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)

S = ApplicationStatus
C = CertificationStatus


def facts(status, body_status=C.CERTIFIED, expires_on=None, app_id=1, changed=NOON) -> ApplicationFacts:
    return ApplicationFacts(
        id=app_id,
        status=status,
        body_name="Example Board",
        body_status=body_status,
        body_status_changed_at=NOON,
        submitted_at=None if status == S.DRAFT else NOON - timedelta(days=5),
        status_changed_at=changed,
        expires_on=expires_on,
    )


# (status, body status, expiry relative to today) -> (eligible, basis)
EXPIRY = {
    "future": TODAY + timedelta(days=1),
    "today": TODAY,
    "past": TODAY - timedelta(days=1),
    "none": None,
}
CASES = []
for status in S.values:
    for body_status in C.values:
        for expiry_name in ("future", "today", "past"):
            has_credential = status in (S.APPROVED, S.EXPIRED, S.REVOKED)
            expiry = expiry_name if has_credential else "none"
            if body_status != C.CERTIFIED:
                expected = (False, EligibilityBasis.NONE)
            elif status in (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED):
                expected = (True, EligibilityBasis.IN_PROCESS)
            elif status == S.APPROVED and expiry_name == "future":
                expected = (True, EligibilityBasis.CREDENTIALED)
            else:
                expected = (False, EligibilityBasis.NONE)
            CASES.append((status, body_status, expiry, expected))
CASES = sorted(set(CASES))


@pytest.mark.parametrize(("status", "body_status", "expiry", "expected"), CASES)
def test_rule_table(status, body_status, expiry, expected):
    result = evaluate(
        agency_type=AgencyType.LOCAL_POLICE,
        applications=[facts(status, body_status, EXPIRY[expiry])],
        today=TODAY,
    )
    assert (result.eligible, result.basis) == expected
    assert result.application_id == 1
    assert result.reason


def test_no_application():
    result = evaluate(agency_type=AgencyType.SHERIFF, applications=[], today=TODAY)
    assert (result.eligible, result.basis, result.reason, result.application_id) == (
        False,
        EligibilityBasis.NONE,
        NO_APPLICATION_REASON,
        None,
    )


@pytest.mark.parametrize("status", S.values)
def test_tribal_agencies_are_exempt_whatever_their_applications(status):
    result = evaluate(agency_type=AgencyType.TRIBAL, applications=[facts(status, C.REVOKED)], today=TODAY)
    assert (result.eligible, result.basis, result.reason) == (True, EligibilityBasis.EXEMPT, EXEMPT_REASON)


@pytest.mark.parametrize(
    ("applications", "reason"),
    [
        (
            [facts(S.APPROVED, expires_on=date(2028, 7, 1))],
            "credentialed by Example Board (application APP-000001), valid through June 30, 2028",
        ),
        (
            [facts(S.UNDER_REVIEW)],
            "application APP-000001 under review by Example Board since November 1, 2026",
        ),
        ([facts(S.SUBMITTED)], "application APP-000001 submitted to Example Board on November 1, 2026"),
        (
            [facts(S.UNDER_REVIEW, C.REVOKED)],
            "Example Board's AG certification was revoked on November 1, 2026: "
            "application APP-000001 does not count while it is not certified",
        ),
        (
            [facts(S.UNDER_REVIEW, C.SUSPENDED)],
            "Example Board's AG certification has been suspended since November 1, 2026: "
            "application APP-000001 does not count while it is not certified",
        ),
        ([facts(S.DENIED)], "application APP-000001 was denied by Example Board on November 1, 2026"),
        (
            [facts(S.EXPIRED, expires_on=date(2026, 10, 1))],
            "credential from Example Board (application APP-000001) expired: "
            "valid through September 30, 2026",
        ),
        (
            [facts(S.APPROVED, expires_on=TODAY)],
            "credential from Example Board (application APP-000001) expired: valid through "
            f"{human_date(TODAY - timedelta(days=1))}",
        ),
        ([facts(S.DRAFT)], "application APP-000001 to Example Board is a draft, not yet submitted"),
    ],
)
def test_reasons_read_as_sentences(applications, reason):
    assert (
        evaluate(agency_type=AgencyType.LOCAL_POLICE, applications=applications, today=TODAY).reason == reason
    )


def test_a_credential_outranks_an_application_in_process():
    result = evaluate(
        agency_type=AgencyType.LOCAL_POLICE,
        applications=[
            facts(S.UNDER_REVIEW, app_id=7),
            facts(S.APPROVED, expires_on=date(2027, 1, 1), app_id=3),
        ],
        today=TODAY,
    )
    assert (result.basis, result.application_id) == (EligibilityBasis.CREDENTIALED, 3)


application_facts = st.builds(
    ApplicationFacts,
    id=st.integers(1, 10_000),
    status=st.sampled_from(S.values),
    body_name=st.sampled_from(["Board A", "Board B"]),
    body_status=st.sampled_from(C.values),
    body_status_changed_at=st.just(NOON),
    submitted_at=st.just(NOON),
    status_changed_at=st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2026, 11, 21), timezones=st.just(UTC)
    ),
    expires_on=st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 1, 1))),
)


@given(
    agency_type=st.sampled_from(AgencyType.values),
    applications=st.lists(application_facts, max_size=6),
    today=st.dates(min_value=date(2021, 1, 1), max_value=date(2030, 1, 1)),
)
def test_flag_equals_exists_a_qualifying_application(agency_type, applications, today):
    def qualifies(a: ApplicationFacts) -> bool:
        if a.body_status != C.CERTIFIED:
            return False
        if a.status in (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED):
            return True
        return a.status == S.APPROVED and a.expires_on is not None and a.expires_on > today

    result = evaluate(agency_type=agency_type, applications=applications, today=today)
    expected = agency_type == AgencyType.TRIBAL or any(qualifies(a) for a in applications)
    assert result.eligible is expected
    assert (result.basis == EligibilityBasis.NONE) is (not expected)
    if result.application_id is not None:
        assert result.application_id in {a.id for a in applications}
    assert 0 < len(result.reason) <= 300


STATE_TRAITS = {
    S.DRAFT: {},
    S.SUBMITTED: {"submitted": True},
    S.UNDER_REVIEW: {"under_review": True},
    S.RETURNED: {"returned": True},
    S.APPROVED: {"approved": True},
    S.DENIED: {"denied": True},
    S.WITHDRAWN: {"withdrawn": True},
    S.DELETED: {"deleted": True},
    S.EXPIRED: {"expired": True},
    S.REVOKED: {"revoked": True},
}


@pytest.mark.django_db
@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("body_status", C.values)
def test_stored_flag_matches_the_rule_for_every_state_and_body_status(status, body_status):
    agency = AgencyFactory()
    body = BodyFactory(certification_status=body_status, certified_on=date(2025, 1, 1))
    ApplicationFactory(agency=agency, body=body, **STATE_TRAITS[status])

    recompute_agency_eligibility(agency_id=agency.pk)

    expected = body_status == C.CERTIFIED and status in (S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.APPROVED)
    assert agency.eligibility.eligible is expected
