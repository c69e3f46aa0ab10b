"""The demo's Sec. 4 data, through the services: four of the eight demo agencies run a co-responder or
community-support program (one has ended, one is named "other"), with yearly figures (one amended), and a
grant program that weighs Sec. 4 as a priority."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from community.services import create_program, file_yearly_figures, update_program
from grants.models import GrantProgram, ProgramKind
from grants.services import add_applicant
from grants.services import create_program as create_grant_program

PROGRAMS = [
    # ORI, terms
    (
        "CA0990100",
        {
            "model": "co_responder",
            "partners": [
                {"name": "Riverbend Community Mental Health", "kind": "mental_health_provider"},
                {"name": "Riverbend County Social Services", "kind": "social_services"},
            ],
            "started_on": date(2024, 3, 4),
            "hours_per_week": 84,
            "jurisdiction_share": 100,
            "officers_trained_share": 64,
            "training_name": "Crisis Intervention Team (CIT) 40-hour course",
            "training_date": date(2024, 2, 12),
        },
    ),
    (
        "TX0990200",
        {
            "model": "crisis_line_diversion",
            "partners": [{"name": "Cedar County Health Department 988 Line", "kind": "health_department"}],
            "started_on": date(2025, 1, 13),
            "hours_per_week": 168,
            "jurisdiction_share": 70,
            "officers_trained_share": 30,
            "training_name": "Mental Health First Aid for Public Safety",
            "training_date": date(2024, 11, 5),
        },
    ),
    (
        "PA0990500",
        {
            "model": "homelessness_outreach",
            "partners": [{"name": "Keystone Housing First (non-profit)", "kind": "non_profit"}],
            "started_on": date(2021, 5, 3),
            "hours_per_week": 40,
            "jurisdiction_share": 45,
            "officers_trained_share": 20,
            "training_name": "Trauma-informed outreach",
            "training_date": date(2021, 4, 1),
        },
    ),
    (
        "OH0990600",
        {
            "model": "other",
            "other_name": "Campus behavioral intervention team",
            "partners": [{"name": "University Counseling Services", "kind": "mental_health_provider"}],
            "started_on": date(2023, 8, 21),
            "hours_per_week": 60,
            "jurisdiction_share": 100,
            "officers_trained_share": 85,
            "training_name": "Crisis Intervention Team (CIT) 40-hour course",
            "training_date": date(2023, 8, 1),
        },
    ),
]


def load_sec4(
    *, staff: dict[str, User], officer: User, agencies: dict[str, Agency], fiscal_year: int
) -> GrantProgram:
    last_year = timezone.localdate().year - 1
    for index, (ori, terms) in enumerate(PROGRAMS):
        actor = staff[ori]
        program = create_program(actor=actor, agency=agencies[ori], **terms)
        if ori == "PA0990500":  # the grant that paid for the outreach ran out
            program = update_program(
                actor=actor,
                program=program,
                note="The outreach grant ended; the partner now works with the county.",
                **{**terms, "ended_on": date(2024, 6, 30)},
            )
        last = min(last_year, program.ended_on.year if program.ended_on else last_year)
        for year in range(max(program.started_on.year, last_year - 2), last + 1):
            calls = 150 + 60 * (year - program.started_on.year + 1) + 25 * index
            file_yearly_figures(
                actor=actor,
                program=program,
                year=year,
                calls_answered_jointly=calls,
                referrals_made=calls // 4,
            )
        if ori == "CA0990100" and program.started_on.year <= last_year:
            file_yearly_figures(
                actor=actor,
                program=program,
                year=last_year,
                calls_answered_jointly=calls + 12,
                referrals_made=calls // 4 + 3,
                note="Twelve calls answered in December were logged in January.",
            )
    priority = create_grant_program(
        actor=officer,
        name="Connect and Protect: Law Enforcement Behavioral Health Response (demo)",
        fiscal_year=fiscal_year,
        kind=ProgramKind.DISCRETIONARY,
        application_deadline=date(fiscal_year, 4, 30),
        description="Discretionary; weighs Sec. 4 co-responder and community-support programs as a priority.",
        sec4_priority=True,
    )
    for index, agency in enumerate(agencies.values()):
        add_applicant(
            actor=officer, program=priority, agency=agency, amount_requested=Decimal(90_000 + 15_000 * index)
        )
    return priority
