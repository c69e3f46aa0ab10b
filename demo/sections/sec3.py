"""The demo's Sec. 3 data, through the services: records of every kind and status, entered a few days
after the action; quarterly reports sent about two weeks after each quarter (current, overdue or zero
reports); and a grant program applying Sec. 3(d)."""

from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from grants.models import GrantProgram, ProgramKind
from grants.services import add_applicant, create_program
from records.models import ProcessStatus, RecordKind
from records.quarters import Quarter, between, last_complete
from records.services.records import correct_status, create_record
from records.services.reports import submit_report

from ..world import DemoWorld
from .programs import fiscal_year

# (staff username, officer, born, kind, status, quarters before the last complete one)
RECORDS = [
    (
        "riverbend",
        "Jordan Alexander Smith",
        date(1984, 9, 12),
        RecordKind.TERMINATION,
        ProcessStatus.FINAL,
        1,
    ),
    ("riverbend", "Casey R. Morgan", date(1979, 2, 3), RecordKind.DECERTIFICATION, ProcessStatus.FINAL, 2),
    ("riverbend", "Lee Park", date(1990, 6, 30), RecordKind.CIVIL_JUDGMENT, ProcessStatus.UNDER_APPEAL, 2),
    (
        "cedar",
        "Morgan Avery Blake",
        date(1975, 11, 21),
        RecordKind.CRIMINAL_CONVICTION,
        ProcessStatus.FINAL,
        3,
    ),
    (
        "cedar",
        "Sam Ortiz",
        date(1988, 1, 9),
        RecordKind.RESIGNATION_UNDER_INVESTIGATION,
        ProcessStatus.FINAL,
        4,
    ),
    ("cedar", "Dana Whitfield", date(1982, 4, 17), RecordKind.TERMINATION, ProcessStatus.OVERTURNED, 3),
]
# Whose reports are current (every quarter), overdue (the last two missing), zero reports, or none.
CURRENT, OVERDUE, ZEROS = "riverbend", "cedar", "loneprairie"
REPORTED_QUARTERS = 6


RECORD_ENTERED_AFTER_DAYS = 4
REPORT_SENT_AFTER_DAYS = 12
OVERTURNED_AFTER_DAYS = 45
PROGRAM_OPENED_DAYS_AGO = 70


def schedule(world: DemoWorld) -> None:
    timeline = world.timeline
    last = last_complete(timeline.today)
    quarters = between(Quarter(last.year - 2, last.number).next(), last)[-REPORTED_QUARTERS:]
    for username, name, born, kind, status, back in RECORDS:
        acted = quarters[-1 - back].start + timedelta(days=20)
        record = (username, name, born, kind, status, acted)
        timeline.on(
            acted + timedelta(days=RECORD_ENTERED_AFTER_DAYS),
            f"Sec. 3 record of {name}",
            partial(_record, world, *record),
            hour=10,
        )
        if status == ProcessStatus.OVERTURNED:
            timeline.on(
                acted + timedelta(days=OVERTURNED_AFTER_DAYS),
                f"Sec. 3 record of {name} overturned",
                partial(_overturn, world, name),
                hour=11,
            )
    for username, reported in ((CURRENT, quarters), (OVERDUE, quarters[:-2]), (ZEROS, quarters)):
        for quarter in reported:
            has_records = any(u == username and quarters[-1 - b] == quarter for u, *_r, b in RECORDS)
            timeline.on(
                quarter.end + timedelta(days=REPORT_SENT_AFTER_DAYS),
                f"{username}: report for {quarter}",
                partial(_report, world, username, quarter, zero=not has_records),
                hour=12,
            )
    timeline.ago(
        PROGRAM_OPENED_DAYS_AGO, "Sec. 3(d) program", partial(_program, world, quarters[0].start), hour=15
    )


def _record(
    world: DemoWorld, username: str, name: str, born: date, kind: str, status: str, acted: date
) -> None:
    actor = world.people[username]
    assert actor.agency is not None
    final = ProcessStatus.FINAL if status == ProcessStatus.OVERTURNED else status
    record = create_record(
        actor=actor,
        agency=actor.agency,
        officer_name=name,
        date_of_birth=born,
        kind=kind,
        action_date=acted,
        process_status=final,
    )
    world.extra[f"sec3 record of {name}"] = record


def _overturn(world: DemoWorld, name: str) -> None:
    correct_status(
        actor=world.admin,
        record=world.extra[f"sec3 record of {name}"],
        process_status=ProcessStatus.OVERTURNED,
        reason="Overturned on appeal (demo).",
    )


def _report(world: DemoWorld, username: str, quarter: Quarter, *, zero: bool) -> None:
    actor = world.people[username]
    agency = actor.agency
    assert agency is not None
    submit_report(
        actor=actor,
        agency=agency,
        quarter=quarter,
        zero=zero,
        signed_by_name=agency.head_name,
        signed_by_title=agency.head_title or "Head of agency",
    )


def _program(world: DemoWorld, reporting_from: date) -> GrantProgram:
    year = fiscal_year(world)
    program = create_program(
        actor=world.officer,
        name="Community Policing Development",
        fiscal_year=year,
        kind=ProgramKind.DISCRETIONARY,
        application_deadline=date(year, 4, 30),
        description="Discretionary, with both conditions: Sec. 2(a) credentialing and Sec. 3(d) reporting.",
        applies_sec3d=True,
        sec3d_reporting_from=reporting_from,
    )
    for index, agency in enumerate(world.agencies.values()):
        add_applicant(
            actor=world.officer,
            program=program,
            agency=agency,
            amount_requested=Decimal(90_000 + 10_000 * index),
        )
    world.programs["cpd"] = program
    return program
