"""Two grant programs of the coming fiscal year, opened by the grant officer ten weeks ago."""

from datetime import date
from decimal import Decimal
from functools import partial

from grants.models import ProgramKind
from grants.services import add_applicant, create_program

from ..world import DemoWorld

OPENED_DAYS_AGO = 75


def fiscal_year(world: DemoWorld) -> int:
    today = world.timeline.today
    return today.year + (1 if today.month >= 10 else 0)


def schedule(world: DemoWorld) -> None:
    world.timeline.ago(OPENED_DAYS_AGO, "grant programs opened", partial(_programs, world), hour=14)
    world.timeline.ago(OPENED_DAYS_AGO - 1, "applicants added", partial(_applicants, world), hour=9)


def _programs(world: DemoWorld) -> None:
    year = fiscal_year(world)
    world.programs["cops"] = create_program(
        actor=world.officer,
        name="COPS Hiring Program",
        fiscal_year=year,
        kind=ProgramKind.DISCRETIONARY,
        application_deadline=date(year, 3, 15),
        description="Discretionary: subject to the EO 13929 Sec. 2(a) credentialing condition.",
    )
    world.programs["jag"] = create_program(
        actor=world.officer,
        name="Edward Byrne Memorial Justice Assistance Grant",
        fiscal_year=year,
        kind=ProgramKind.FORMULA,
        application_deadline=date(year, 6, 30),
        description="Formula grant: the credentialing condition does not apply.",
    )


def _applicants(world: DemoWorld) -> None:
    for index, agency in enumerate(world.agencies.values()):
        add_applicant(
            actor=world.officer,
            program=world.programs["cops"],
            agency=agency,
            amount_requested=Decimal(125_000 * (index % 4 + 1)),
        )
        if index % 2 == 0:
            add_applicant(
                actor=world.officer,
                program=world.programs["jag"],
                agency=agency,
                amount_requested=Decimal(40_000 + 5_000 * index),
            )
