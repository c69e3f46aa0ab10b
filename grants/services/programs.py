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
from common.errors import NotAllowed, RuleViolation

from ..models import GrantApplicant, GrantProgram, ProgramKind

MAX_AMOUNT = Decimal("999999999999.99")
# An import is read in pieces of this size, never whole.
_IMPORT_CHUNK_BYTES = 64 * 1024
# An ORI is 9 characters and an amount a dozen: anything much longer is not one.
_MAX_CELL_CHARS = 64


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


def create_program(
    *, actor: User, name: str, fiscal_year: int, kind: str, application_deadline: date, description: str = ""
) -> GrantProgram:
    _require_grant_officer(actor)
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
    try:
        with transaction.atomic():
            return GrantProgram.objects.create(
                name=name,
                fiscal_year=fiscal_year,
                kind=kind,
                application_deadline=application_deadline,
                description=description,
            )
    except IntegrityError:
        raise RuleViolation(
            f"There is already a program “{name}” for FY{fiscal_year}.", field="name"
        ) from None


def add_applicant(
    *, actor: User, program: GrantProgram, agency: Agency, amount_requested: object
) -> GrantApplicant:
    _require_grant_officer(actor)
    amount = parse_amount(amount_requested)
    try:
        with transaction.atomic():
            return GrantApplicant.objects.create(program=program, agency=agency, amount_requested=amount)
    except IntegrityError:
        raise RuleViolation(
            f"{agency.name} is already an applicant of {program.name}.", field="agency"
        ) from None


def remove_applicant(*, actor: User, applicant: GrantApplicant) -> None:
    _require_grant_officer(actor)
    applicant.delete()


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


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


def _csv_rows(file: IO[bytes]) -> Iterator[list[str]]:
    """The cells of each non-blank row; bad text or bad CSV is refused with the line it is on."""
    reader = csv.reader(_lines(file), strict=True)
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield row
    except UnicodeDecodeError:
        raise RuleViolation("The file is not UTF-8 text (CSV).", field="file") from None
    except csv.Error as error:
        # "field larger than field limit", "unexpected end of data" (a quote never closed), ...
        raise RuleViolation(
            f"Line {reader.line_num} is not valid CSV ({error}); a value is at most "
            f"{csv.field_size_limit():,} characters and every opening quote needs its closing one.",
            field="file",
        ) from None


def import_applicants_csv(*, actor: User, program: GrantProgram, file: IO[bytes]) -> ImportReport:
    """Add or update applicants from CSV rows ``ori,amount_requested`` (a header row is optional).

    The file is read as it streams, up to ``APPLICANT_IMPORT_MAX_ROWS`` rows. All or nothing: if any
    row is wrong, nothing is imported and every wrong row is reported.
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
    number = 0
    for row in _csv_rows(file):
        if number == 0 and row[0].strip().lower() == "ori":
            continue  # the header
        number += 1
        if number > max_rows:
            raise RuleViolation(f"At most {max_rows:,} rows can be imported at once.", field="file")
        if len(row) < 2:
            report.errors.append(f"row {number}: expected an ORI and an amount")
            continue
        if any("\x00" in cell for cell in row):
            report.errors.append(f"row {number}: contains a NUL character")
            continue
        if any(len(cell) > _MAX_CELL_CHARS for cell in row[:2]):
            report.errors.append(f"row {number}: an ORI or an amount is at most {_MAX_CELL_CHARS} characters")
            continue
        ori = normalize_ori(row[0])
        try:
            wanted[ori] = parse_amount(row[1])
        except RuleViolation as error:
            report.errors.append(f"row {number}: {error.message}")
    if not number:
        raise RuleViolation("The file has no rows of ORI and amount.", field="file")
    agencies = {a.ori: a for a in Agency.objects.filter(ori__in=list(wanted))}
    for ori in wanted:
        if ori not in agencies:
            report.errors.append(f"ORI {ori or '(empty)'}: no such agency")
    if report.errors:
        return report

    with transaction.atomic():
        existing = {row.agency_id: row for row in GrantApplicant.objects.filter(program=program)}
        to_create: list[GrantApplicant] = []
        to_update: list[GrantApplicant] = []
        for ori, amount in wanted.items():
            agency = agencies[ori]
            current = existing.get(agency.pk)
            if current is not None:
                if current.amount_requested != amount:
                    current.amount_requested = amount
                    to_update.append(current)
            else:
                to_create.append(GrantApplicant(program=program, agency=agency, amount_requested=amount))
        GrantApplicant.objects.bulk_create(to_create, batch_size=5000)
        GrantApplicant.objects.bulk_update(to_update, ["amount_requested"], batch_size=5000)
    report.added, report.updated = len(to_create), len(to_update)
    return report
