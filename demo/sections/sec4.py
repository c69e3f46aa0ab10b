"""The demo's Sec. 4 data, through the services, each step at its moment: four of the demo agencies run a
co-responder or community-support program (one has ended, one is named "other"), each ended year's figures
filed in the January after it (one amended), and a grant program that weighs Sec. 4 as a priority."""

from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from community.services import create_program, file_yearly_figures, update_program
from grants.models import ProgramKind
from grants.services import add_applicant
from grants.services import create_program as create_grant_program

from ..world import DemoWorld
from .programs import fiscal_year
from .registry import STARTED_DAYS_AGO as REGISTRY_DAYS_AGO

PROGRAMS: list[tuple[str, dict[str, Any]]] = [
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


RECORDED_AFTER_DAYS = 10  # the program is put on record a little after it starts
FIGURES_FILED_ON = (1, 20)  # each year's figures, on January 20 of the year after
OUTREACH_ENDED = date(2024, 6, 30)  # the grant that paid for Keystone's outreach ran out
PRIORITY_PROGRAM_OPENED_DAYS_AGO = 60


def schedule(world: DemoWorld) -> None:
    timeline = world.timeline
    last_year = timeline.today.year - 1
    for index, (ori, terms) in enumerate(PROGRAMS):
        started: date = terms["started_on"]
        # A program older than the demo's registry is put on record once its staff have accounts.
        recorded = max(
            started + timedelta(days=RECORDED_AFTER_DAYS), timeline.days_ago(REGISTRY_DAYS_AGO - 5)
        )
        timeline.on(
            recorded,
            f"Sec. 4 program of {ori}",
            partial(_record, world, ori, terms),
            hour=11,
        )
        ended = OUTREACH_ENDED if ori == "PA0990500" else None
        if ended is not None:
            timeline.on(
                ended + timedelta(days=3), f"Sec. 4 program of {ori} ended", partial(_end, world, ori, terms)
            )
        last = min(last_year, ended.year if ended else last_year)
        for year in range(max(started.year, last_year - 2), last + 1):
            calls = 150 + 60 * (year - started.year + 1) + 25 * index
            timeline.on(
                date(year + 1, *FIGURES_FILED_ON),
                f"Sec. 4 figures of {ori} for {year}",
                partial(_figures, world, ori, year, calls),
                hour=13,
            )
        if ori == "CA0990100" and started.year <= last_year:
            timeline.on(
                date(last_year + 1, *FIGURES_FILED_ON) + timedelta(days=14),
                f"Sec. 4 figures of {ori} for {last_year} amended",
                partial(
                    _figures,
                    world,
                    ori,
                    last_year,
                    150 + 60 * (last_year - started.year + 1) + 25 * index + 12,
                    note="Twelve calls answered in December were logged in January.",
                ),
                hour=13,
            )
    timeline.ago(
        PRIORITY_PROGRAM_OPENED_DAYS_AGO, "Sec. 4 priority program", partial(_priority, world), hour=15
    )


def _record(world: DemoWorld, ori: str, terms: dict) -> None:
    world.extra[f"sec4 {ori}"] = create_program(actor=world.staff[ori], agency=world.agencies[ori], **terms)


def _end(world: DemoWorld, ori: str, terms: dict) -> None:
    world.extra[f"sec4 {ori}"] = update_program(
        actor=world.staff[ori],
        program=world.extra[f"sec4 {ori}"],
        note="The outreach grant ended; the partner now works with the county.",
        **{**terms, "ended_on": OUTREACH_ENDED},
    )


def _figures(world: DemoWorld, ori: str, year: int, calls: int, note: str = "") -> None:
    file_yearly_figures(
        actor=world.staff[ori],
        program=world.extra[f"sec4 {ori}"],
        year=year,
        calls_answered_jointly=calls,
        referrals_made=calls // 4 + (3 if note else 0),
        note=note,
    )


def _priority(world: DemoWorld) -> None:
    year = fiscal_year(world)
    program = create_grant_program(
        actor=world.officer,
        name="Connect and Protect: Law Enforcement Behavioral Health Response (demo)",
        fiscal_year=year,
        kind=ProgramKind.DISCRETIONARY,
        application_deadline=date(year, 4, 30),
        description="Discretionary; weighs Sec. 4 co-responder and community-support programs as a priority.",
        sec4_priority=True,
    )
    world.programs["sec4"] = program
    for index, agency in enumerate(world.agencies.values()):
        add_applicant(
            actor=world.officer,
            program=program,
            agency=agency,
            amount_requested=Decimal(90_000 + 15_000 * index),
        )
