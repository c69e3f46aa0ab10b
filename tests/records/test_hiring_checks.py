"""Hiring checks: exact and possible matches on a fixed list of variants, only final records, every check
logged, and nothing of another agency's beyond kind, year and whom to contact."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from common.errors import NotAllowed, RuleViolation
from records.models import HiringCheck, ProcessStatus, RecordKind
from records.selectors import check_log_visible_to
from records.services.checks import run_hiring_check
from tests.factories import AgencyFactory, AgencyStaffFactory, CertifierFactory, RecordFactory

pytestmark = pytest.mark.django_db

BORN = date(1984, 9, 12)

# What a checker types -> how the record "Jordan Alexander Smith" (born BORN) answers.
VARIANTS = [
    ("Jordan Alexander Smith", "exact"),
    ("JORDAN  alexander   SMITH", "exact"),
    ("Jordán Alexander Smith", "exact"),
    ("Smith Jordan Alexander", "possible"),  # another order
    ("Alexander Smith Jordan", "possible"),
    ("Smith Alexander Jordan", "possible"),
    ("Jordan Smith", "possible"),  # middle name missing
    ("Jordan A. Smith", "possible"),  # middle initial
    ("Jordan Alexandr Smith", "possible"),  # spelled another way
    ("Jordon Alexander Smyth", "possible"),
    ("Jordan Alexander Smithe", "possible"),
    ("Casey Morgan Brown", None),
    ("Jordan Brown", None),
    ("Alex Smith", None),
]


@pytest.fixture
def other_agency():
    return AgencyFactory(name="Lakeside Police Department", ori="WA0123400", state="WA")


@pytest.fixture
def record(other_agency):
    return RecordFactory(
        agency=other_agency,
        officer_name="Jordan Alexander Smith",
        date_of_birth=BORN,
        kind=RecordKind.DECERTIFICATION,
        action_date=date(2024, 3, 9),
        certificate_number="WA123456",
    )


def check(staff, name, born=BORN, **extra):
    return run_hiring_check(
        actor=staff, candidate_name=name, date_of_birth=born, purpose="patrol hire", **extra
    )


@pytest.mark.parametrize(("typed", "expected"), VARIANTS)
def test_name_variants(staff, record, typed, expected):
    result = check(staff, typed)
    found = "exact" if result.exact else "possible" if result.possible else None
    assert found == expected, (typed, result)
    assert len(result.exact) + len(result.possible) == (0 if expected is None else 1)


def test_a_hit_shows_only_kind_year_and_whom_to_contact(staff, record):
    (hit,) = check(staff, "Jordan Alexander Smith").exact
    assert (hit.kind_label, hit.year, hit.agency_name, hit.agency_ori) == (
        "De-certification",
        2024,
        "Lakeside Police Department",
        "WA0123400",
    )
    assert "Jordan" not in repr(hit) and str(BORN) not in repr(hit)


def test_another_date_of_birth_never_matches(staff, record):
    result = check(staff, "Jordan Alexander Smith", born=BORN + timedelta(days=1))
    assert not result.exact and not result.possible


def test_the_certificate_number_makes_a_renamed_officer_an_exact_match(staff, record):
    result = check(staff, "Jordan Taylor", certificate_number="wa123456")
    assert len(result.exact) == 1 and result.exact[0].why.startswith("same certificate")


@pytest.mark.parametrize("status", [ProcessStatus.UNDER_APPEAL, ProcessStatus.OVERTURNED])
def test_under_appeal_and_overturned_are_never_shown(staff, other_agency, status):
    RecordFactory(
        agency=other_agency, officer_name="Jordan Alexander Smith", date_of_birth=BORN, process_status=status
    )
    result = check(staff, "Jordan Alexander Smith")
    assert not result.exact and not result.possible


def test_every_check_is_logged_with_who_whom_when_and_why(staff, record):
    check(staff, "Jordan Alexander Smith")
    check(staff, "Nobody Known")
    rows = list(HiringCheck.objects.order_by("id"))
    assert [(r.checked_by, r.agency_id, r.candidate_name, r.purpose) for r in rows] == [
        (staff, staff.agency_id, "Jordan Alexander Smith", "patrol hire"),
        (staff, staff.agency_id, "Nobody Known", "patrol hire"),
    ]
    assert [(r.exact_matches, r.possible_matches) for r in rows] == [(1, 0), (0, 0)]
    assert all(abs(r.checked_at - timezone.now()) < timedelta(minutes=1) for r in rows)


def test_the_log_is_for_doj_administrators_and_each_agency_sees_none_of_anothers(
    staff, record, doj_admin, grant_officer
):
    check(staff, "Jordan Alexander Smith")
    outsider = AgencyStaffFactory(agency=AgencyFactory())
    assert check_log_visible_to(doj_admin).count() == 1
    assert check_log_visible_to(outsider).count() == 0
    assert check_log_visible_to(grant_officer).count() == 0
    assert check_log_visible_to(staff).count() == 1  # an agency sees its own checks


def test_only_agency_staff_check(record, grant_officer, doj_admin):
    for person in (grant_officer, doj_admin, CertifierFactory()):
        with pytest.raises(NotAllowed):
            check(person, "Jordan Alexander Smith")
    assert not HiringCheck.objects.exists()


BAD = [
    ({"candidate_name": "Jordan\x00Smith"}, "candidate_name"),
    ({"candidate_name": "x" * (10 * 1024 * 1024)}, "candidate_name"),
    ({"date_of_birth": timezone.localdate() + timedelta(days=1)}, "date_of_birth"),
    ({"date_of_birth": None}, "date_of_birth"),
    ({"purpose": ""}, "purpose"),
]


@pytest.mark.parametrize(("bad", "field"), BAD)
def test_bad_input_is_refused_and_logs_nothing(staff, record, bad, field):
    values = {"candidate_name": "Jordan Smith", "date_of_birth": BORN, "purpose": "hire", **bad}
    with pytest.raises(RuleViolation) as refused:
        run_hiring_check(actor=staff, **values)
    assert refused.value.field == field
    assert not HiringCheck.objects.exists()


def test_a_check_costs_a_fixed_number_of_queries(staff, other_agency, django_assert_max_num_queries):
    for n in range(30):
        RecordFactory(agency=other_agency, officer_name=f"Jordan Smith{'e' * (n % 3)}", date_of_birth=BORN)
    with django_assert_max_num_queries(4):
        result = check(staff, "Jordan Smith")
    assert len(result.exact) + len(result.possible) == 30
