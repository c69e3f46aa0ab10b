"""The columns of every grants download, defined once for the web page and the API."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from agencies.models import AgencyType
from common.exports import Column

from .models import EligibilityBasis, GrantProgram
from .priority import with_answers
from .selectors import program_eligibility

NOT_REQUIRED = "not required"


def _type_label(code: str) -> str:
    return str(AgencyType(code).label) if code in AgencyType.values else code


def _basis_label(code: str) -> str:
    # The same words as the pages' basis labels ("Application in process", "Not eligible").
    return str(EligibilityBasis(code).label).lower() if code in EligibilityBasis.values else code


def _eligibility(flag: bool) -> str:
    return "eligible" if flag else "not eligible"


def applicant_columns(program: GrantProgram) -> list[Column]:
    """A program's applicants; for a formula program both eligibility columns read "not required"."""
    required = program.requires_credentialing

    def now(row: Any) -> str:
        return _eligibility(row.is_eligible) if required else NOT_REQUIRED

    def at_deadline(row: Any) -> str:
        return _eligibility(row.eligible_at_deadline) if required else NOT_REQUIRED

    def reason(row: Any) -> str:
        return program_eligibility(row, program=program).reason

    def reporting(row: Any) -> str:
        if program.reporting_start is None:
            return NOT_REQUIRED
        return "holds" if row.reporting_holds else "fails"

    def reporting_reason(row: Any) -> str:
        condition = program_eligibility(row, program=program).reporting
        return condition.reason if condition else "the program does not apply Sec. 3(d)"

    columns = [
        Column("ORI", lambda r: r.agency.ori),
        Column("Agency", lambda r: r.agency.name),
        Column("State", lambda r: r.agency.state),
        Column("Agency type", lambda r: _type_label(r.agency.agency_type)),
        Column("Amount requested", lambda r: r.amount_requested),
        Column("Eligible now", now),
        Column("Basis", lambda r: _basis_label(r.basis)),
        Column("Reason", reason),
        Column("Credentialing (Sec. 2(a))", lambda r: "holds" if r.credentialing_holds else "fails"),
        Column("Reporting (Sec. 3(d))", reporting),
        Column("Reporting reason (Sec. 3(d))", reporting_reason),
        Column("Credentialing body", lambda r: r.body_name),
        Column("Eligible at deadline", at_deadline),
    ]
    if program.sec4_priority:  # rows carry ``sec4`` (``applicant_export_rows``)
        columns += [
            Column("Sec. 4 priority", lambda r: "met" if r.sec4.met else "not met"),
            Column("Sec. 4 reason", lambda r: r.sec4.reason),
        ]
    return columns


def applicant_export_rows(rows: QuerySet, *, program: GrantProgram, as_of: datetime | None) -> Iterator[Any]:
    """A download's rows, streamed; with each one's Sec. 4 answer where the program weighs it (a query
    per chunk of rows, never one per row)."""
    streamed = rows.iterator(chunk_size=2000)
    return with_answers(streamed, as_of=as_of) if program.sec4_priority else streamed


def applicants_filename(program: GrantProgram) -> str:
    return f"applicants-program-{program.pk}-fy{program.fiscal_year}"


ELIGIBILITY_COLUMNS = [
    Column("ORI", lambda r: r.ori),
    Column("Agency", lambda r: r.name),
    Column("State", lambda r: r.state),
    Column("Agency type", lambda r: _type_label(r.agency_type)),
    Column("Eligible", lambda r: _eligibility(r.is_eligible)),
    Column("Basis", lambda r: _basis_label(r.basis)),
    Column("Reason", lambda r: r.reason),
    Column("Credentialing body", lambda r: r.body_name),
    Column("Since", lambda r: r.changed_at),
]
