"""The demo's Sec. 3 data, through the services: records of every kind and status, agencies whose
reports are current, overdue or zero reports, and a grant program applying Sec. 3(d)."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from agencies.models import Agency
from grants.models import GrantProgram, ProgramKind
from grants.services import add_applicant, create_program
from records.models import ProcessStatus, RecordKind
from records.quarters import Quarter, between, last_complete
from records.services.records import correct_status, create_record
from records.services.reports import submit_report

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


def load_sec3(
    *, staff: dict[str, User], admin: User, officer: User, agencies: list[Agency], fiscal_year: int
) -> GrantProgram:
    last = last_complete(timezone.localdate())
    quarters = between(Quarter(last.year - 2, last.number).next(), last)[-REPORTED_QUARTERS:]
    people = {user.username: user for user in staff.values()}
    for username, name, born, kind, status, back in RECORDS:
        quarter = quarters[-1 - back]
        actor = people[username]
        assert actor.agency is not None
        final = ProcessStatus.FINAL if status == ProcessStatus.OVERTURNED else status
        record = create_record(
            actor=actor,
            agency=actor.agency,
            officer_name=name,
            date_of_birth=born,
            kind=kind,
            action_date=quarter.start + timedelta(days=20),
            process_status=final,
        )
        if status == ProcessStatus.OVERTURNED:
            correct_status(
                actor=admin, record=record, process_status=status, reason="Overturned on appeal (demo)."
            )
    for username, reported in ((CURRENT, quarters), (OVERDUE, quarters[:-2]), (ZEROS, quarters)):
        actor = people[username]
        agency = actor.agency
        assert agency is not None
        for quarter in reported:
            has_records = any(u == username and quarters[-1 - b] == quarter for u, *_r, b in RECORDS)
            submit_report(
                actor=actor,
                agency=agency,
                quarter=quarter,
                zero=not has_records,
                signed_by_name=agency.head_name,
                signed_by_title=agency.head_title or "Head of agency",
            )
    program = create_program(
        actor=officer,
        name="Community Policing Development",
        fiscal_year=fiscal_year,
        kind=ProgramKind.DISCRETIONARY,
        application_deadline=date(fiscal_year, 4, 30),
        description="Discretionary, with both conditions: Sec. 2(a) credentialing and Sec. 3(d) reporting.",
        applies_sec3d=True,
        sec3d_reporting_from=quarters[0].start,
    )
    for index, agency in enumerate(agencies):
        add_applicant(
            actor=officer, program=program, agency=agency, amount_requested=Decimal(90_000 + 10_000 * index)
        )
    return program
