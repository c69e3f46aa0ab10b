"""Grant programs and their applicants, created by DOJ grant officers."""

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import IO

from django.conf import settings
from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.rules import is_grant_officer
from agencies.identifiers import normalize_ori
from agencies.models import Agency
from common.audit import changed, record, snapshot
from common.errors import NotAllowed, RuleViolation
from common.generations import bump
from records.quarters import Quarter, is_quarter_start
from records.services.reports import FIRST_QUARTER

from ..models import GrantApplicant, GrantProgram, ProgramKind
from ..renames import names_held

MAX_AMOUNT = Decimal("999999999999.99")
# An import is read in pieces of this size, never whole.
_IMPORT_CHUNK_BYTES = 64 * 1024
# An ORI is 9 characters and an amount a dozen: anything much longer is not one.
_MAX_CELL_CHARS = 64
PROGRAM_FIELDS = (
    "name",
    "fiscal_year",
    "kind",
    "application_deadline",
    "description",
    "applies_sec3d",
    "sec3d_reporting_from",
    "sec4_priority",
)
APPLICANT_FIELDS = ("program", "agency", "amount_requested")
# Bumped by every change of who applies (``common.generations``): the applicant lists' counts watch it.
APPLICANTS_GENERATION = "applicants"


def _require_grant_officer(actor: User) -> None:
    if not is_grant_officer(actor):
        raise NotAllowed("Only a DOJ grant officer can manage grant programs.")


def parse_amount(raw: object) -> Decimal:
    try:
        amount = Decimal(str(raw).replace(",", "").replace("$", "").strip())
    except InvalidOperation:
        raise RuleViolation(f"“{raw}” is not an amount in dollars.", field="amount_requested") from None
    if not amount.is_finite() or amount <= 0 or amount > MAX_AMOUNT:
        raise RuleViolation(
            "The amount requested must be more than $0 and less than $1 trillion.", field="amount_requested"
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise RuleViolation(
            "The amount requested has at most two decimal places (cents).", field="amount_requested"
        )
    return amount


def validate_program(*, name: str, fiscal_year: int, kind: str, application_deadline: date) -> str:
    """The rules of a program's terms, for creating and editing alike; returns the cleaned name."""
    name = (name or "").strip()
    if not name:
        raise RuleViolation("A grant program needs a name.", field="name")
    if kind not in ProgramKind.values:
        raise RuleViolation("A program is discretionary or formula.", field="kind")
    if not 2020 <= int(fiscal_year) <= 2100:
        raise RuleViolation("The fiscal year must be between 2020 and 2100.", field="fiscal_year")
    # A federal fiscal year N runs from October 1 of N-1 to September 30 of N.
    if not date(int(fiscal_year) - 2, 10, 1) <= application_deadline <= date(int(fiscal_year), 9, 30):
        raise RuleViolation(
            f"The application deadline of an FY{fiscal_year} program falls between "
            f"{int(fiscal_year) - 2}-10-01 and {fiscal_year}-09-30.",
            field="application_deadline",
        )
    return name


def validate_sec3d(*, kind: str, applies_sec3d: bool, sec3d_reporting_from: date | None) -> date | None:
    """A program applying Sec. 3(d) is discretionary and names the first quarter it requires."""
    if not applies_sec3d:
        return None
    if kind != ProgramKind.DISCRETIONARY:
        raise RuleViolation("Only a discretionary program applies Sec. 3(d).", field="applies_sec3d")
    if sec3d_reporting_from is None:
        raise RuleViolation(
            "Give the first quarter whose Sec. 3 report the program requires.", field="sec3d_reporting_from"
        )
    if not is_quarter_start(sec3d_reporting_from):
        raise RuleViolation(
            "The reporting start is the first day of a quarter (January, April, July or October 1).",
            field="sec3d_reporting_from",
        )
    if Quarter.of(sec3d_reporting_from) < FIRST_QUARTER:
        raise RuleViolation(f"Sec. 3 reporting starts with {FIRST_QUARTER}.", field="sec3d_reporting_from")
    return sec3d_reporting_from


def _duplicate_program(name: str, fiscal_year: int) -> RuleViolation:
    return RuleViolation(f"There is already a program “{name}” for FY{fiscal_year}.", field="name")


def create_program(
    *,
    actor: User,
    name: str,
    fiscal_year: int,
    kind: str,
    application_deadline: date,
    description: str = "",
    applies_sec3d: bool = False,
    sec3d_reporting_from: date | None = None,
    sec4_priority: bool = False,
) -> GrantProgram:
    _require_grant_officer(actor)
    name = validate_program(
        name=name, fiscal_year=fiscal_year, kind=kind, application_deadline=application_deadline
    )
    sec3d_reporting_from = validate_sec3d(
        kind=kind, applies_sec3d=applies_sec3d, sec3d_reporting_from=sec3d_reporting_from
    )
    try:
        with transaction.atomic():
            program = GrantProgram.objects.create(
                name=name,
                fiscal_year=fiscal_year,
                kind=kind,
                application_deadline=application_deadline,
                description=description,
                applies_sec3d=applies_sec3d,
                sec3d_reporting_from=sec3d_reporting_from,
                sec4_priority=bool(sec4_priority),
            )
            record(
                actor=actor, action="program.created", obj=program, after=snapshot(program, PROGRAM_FIELDS)
            )
            return program
    except IntegrityError:
        raise _duplicate_program(name, fiscal_year) from None


def update_program(
    *,
    actor: User,
    program: GrantProgram,
    name: str,
    fiscal_year: int,
    kind: str,
    application_deadline: date,
    description: str | None = None,
    applies_sec3d: bool | None = None,
    sec3d_reporting_from: date | None = None,
    sec4_priority: bool | None = None,
) -> GrantProgram:
    """New terms for a program, checked by the same rules as a new one.

    Nothing is stored per program that its kind or deadline would make stale: whether credentialing is
    required and who was eligible at the deadline are worked out when the applicants are read
    (``selectors.applicants_of``, from the eligibility history), so the next list reflects the change.
    """
    _require_grant_officer(actor)
    name = validate_program(
        name=name, fiscal_year=fiscal_year, kind=kind, application_deadline=application_deadline
    )
    if applies_sec3d is None:  # terms given without the Sec. 3(d) ones keep them
        applies_sec3d = program.applies_sec3d
        sec3d_reporting_from = sec3d_reporting_from or program.sec3d_reporting_from
    sec3d_reporting_from = validate_sec3d(
        kind=kind, applies_sec3d=applies_sec3d, sec3d_reporting_from=sec3d_reporting_from
    )
    try:
        with transaction.atomic():
            locked = GrantProgram.objects.select_for_update().get(pk=program.pk)
            before = snapshot(locked, PROGRAM_FIELDS)
            locked.name, locked.fiscal_year, locked.kind = name, fiscal_year, kind
            locked.application_deadline = application_deadline
            locked.applies_sec3d, locked.sec3d_reporting_from = applies_sec3d, sec3d_reporting_from
            if description is not None:
                locked.description = description
            if sec4_priority is not None:  # terms given without it keep it
                locked.sec4_priority = bool(sec4_priority)
            locked.save()
            old, new = changed(before, snapshot(locked, PROGRAM_FIELDS))
            if new:
                record(actor=actor, action="program.updated", obj=locked, before=old, after=new)
    except IntegrityError:
        raise _duplicate_program(name, fiscal_year) from None
    for field_name in PROGRAM_FIELDS:  # the caller's copy shows what was saved
        setattr(program, field_name, getattr(locked, field_name))
    return locked


def add_applicant(
    *, actor: User, program: GrantProgram, agency: Agency, amount_requested: object
) -> GrantApplicant:
    _require_grant_officer(actor)
    amount = parse_amount(amount_requested)
    try:
        with transaction.atomic():
            name = names_held([agency.pk]).get(agency.pk, agency.name)
            applicant = GrantApplicant.objects.create(
                program=program, agency=agency, agency_name=name, amount_requested=amount
            )
            record(
                actor=actor,
                action="applicant.added",
                obj=applicant,
                after=snapshot(applicant, APPLICANT_FIELDS),
            )
            bump(APPLICANTS_GENERATION)
            return applicant
    except IntegrityError:
        raise RuleViolation(
            f"{agency.name} is already an applicant of {program.name}.", field="agency"
        ) from None


def remove_applicant(*, actor: User, applicant: GrantApplicant) -> None:
    _require_grant_officer(actor)
    with transaction.atomic():
        locked = GrantApplicant.objects.select_for_update().get(pk=applicant.pk)
        record(
            actor=actor,
            action="applicant.removed",
            obj=locked,
            before=snapshot(locked, APPLICANT_FIELDS),
        )
        locked.delete()
        bump(APPLICANTS_GENERATION)


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)
    # How many of the file's rows have at least one error (a row can have several).
    rows_with_errors: int = 0


def _lines(file: IO[bytes]) -> Iterator[str]:
    """The file's text lines, decoded as they stream in (a byte-order mark is dropped)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    for chunk in iter(lambda: file.read(_IMPORT_CHUNK_BYTES), b""):
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            yield line + "\n"
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending


def _csv_rows(file: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    """The line number and cells of each non-blank row; bad text or bad CSV is refused with its line.

    Line numbers count every line of the file from 1, header included, as a spreadsheet numbers rows.
    """
    reader = csv.reader(_lines(file), strict=True)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, row
    except UnicodeDecodeError:
        raise RuleViolation("The file is not UTF-8 text (CSV).", field="file") from None
    except csv.Error as error:
        # "field larger than field limit", "unexpected end of data" (a quote never closed), ...
        raise RuleViolation(
            f"Line {reader.line_num} is not valid CSV ({error}); a value is at most "
            f"{csv.field_size_limit():,} characters and every opening quote needs its closing one.",
            field="file",
        ) from None


def _row_problems(row: list[str]) -> list[str]:
    """Every problem of one row's ORI and amount cells, so a row is corrected in one go."""
    found: list[str] = []
    if len(row) < 2:
        return ["Expected an ORI and an amount."]
    ori, amount = row[0], row[1]
    for label, cell in (("The ORI", ori), ("The amount", amount)):
        if "\x00" in cell:
            found.append(f"{label} contains a NUL character.")
        elif len(cell) > _MAX_CELL_CHARS:
            found.append(f"{label} is longer than {_MAX_CELL_CHARS} characters.")
    if not ori.strip():
        found.append("The ORI is empty.")
    if not any(problem.startswith("The amount ") for problem in found):
        try:
            parse_amount(amount)
        except RuleViolation as error:
            found.append(error.message)
    return found


def import_applicants_csv(*, actor: User, program: GrantProgram, file: IO[bytes]) -> ImportReport:
    """Add or update applicants from CSV rows ``ori,amount_requested`` (a header row is optional).

    The file is read as it streams, up to ``APPLICANT_IMPORT_MAX_ROWS`` rows. All or nothing: if any
    row is wrong, nothing is imported and every problem of every wrong row is reported, by its line in
    the file as a spreadsheet numbers it (the header is line 1).
    """
    _require_grant_officer(actor)
    size = getattr(file, "size", None) or 0
    if size > settings.EVIDENCE_MAX_BYTES:
        # An upload past the limit arrives empty (common.limits.CappedUploadHandler): say why.
        raise RuleViolation(
            f"The file is larger than an upload may be ({settings.EVIDENCE_MAX_BYTES:,} bytes).",
            field="file",
        )
    max_rows = settings.APPLICANT_IMPORT_MAX_ROWS
    report = ImportReport()
    wanted: dict[str, Decimal] = {}
    lines_of: dict[str, list[int]] = {}
    problems: dict[int, list[str]] = {}
    number = 0
    for line, row in _csv_rows(file):
        if number == 0 and row[0].strip().lower() == "ori":
            continue  # the header
        number += 1
        if number > max_rows:
            raise RuleViolation(f"At most {max_rows:,} rows can be imported at once.", field="file")
        found = _row_problems(row)
        if not any(problem.startswith(("The ORI ", "Expected ")) for problem in found):
            # A usable ORI is looked up even when the amount is wrong: its problems are listed too.
            lines_of.setdefault(normalize_ori(row[0]), []).append(line)
        if found:
            problems[line] = found
        else:
            wanted[normalize_ori(row[0])] = parse_amount(row[1])
    if not number:
        raise RuleViolation("The file has no rows of ORI and amount.", field="file")
    agencies = {a.ori: a for a in Agency.objects.filter(ori__in=list(lines_of))}
    for ori, lines in lines_of.items():
        if ori not in agencies:
            for line in lines:
                problems.setdefault(line, []).append(f"No agency has the ORI {ori}.")
    report.errors = [f"Line {line}: {problem}" for line in sorted(problems) for problem in problems[line]]
    report.rows_with_errors = len(problems)
    if report.errors:
        return report

    with transaction.atomic():
        existing = {row.agency_id: row for row in GrantApplicant.objects.filter(program=program)}
        to_create: list[GrantApplicant] = []
        to_update: list[GrantApplicant] = []
        names = names_held(a.pk for ori, a in agencies.items() if a.pk not in existing and ori in wanted)
        for ori, amount in wanted.items():
            agency = agencies[ori]
            current = existing.get(agency.pk)
            if current is not None:
                if current.amount_requested != amount:
                    current.amount_requested = amount
                    to_update.append(current)
            else:
                to_create.append(
                    GrantApplicant(
                        program=program,
                        agency=agency,
                        agency_name=names.get(agency.pk, agency.name),
                        amount_requested=amount,
                    )
                )
        GrantApplicant.objects.bulk_create(to_create, batch_size=5000)
        GrantApplicant.objects.bulk_update(to_update, ["amount_requested"], batch_size=5000)
        record(
            actor=actor,
            action="applicants.imported",
            obj=program,
            after={"rows": len(wanted), "added": len(to_create), "updated": len(to_update)},
        )
        if to_create:
            bump(APPLICANTS_GENERATION)
    report.added, report.updated = len(to_create), len(to_update)
    return report
