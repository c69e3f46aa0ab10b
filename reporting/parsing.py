"""Reading a body's list (CSV or XLSX) into rows of ORI, determination date and reference.

Only a file that cannot be read as a table refuses the whole file: not CSV or XLSX, not valid CSV, no
header naming the ORI and date columns, over the caps, no rows. Every problem of one row (an empty ORI,
a date that is not a date or is written in another format than the rest of the list, a formula, a NUL
character or an over-long cell) refuses that row only, with a reason that names the row and the column
as a spreadsheet numbers them, and its kind (``refusals.RowRefusal``). Whether a well-formed row can be
approved is decided later, row by row (``services.lists``).
"""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from agencies.identifiers import normalize_ori
from common.errors import RuleViolation

from .refusals import RowRefusal

ORI, DETERMINATION_DATE, REFERENCE = "ORI", "determination date", "reference"
TEMPLATE_HEADER = [ORI, DETERMINATION_DATE, REFERENCE]
_HEADERS = {
    ORI: {"ori", "ori number", "ori code", "agency ori"},
    DETERMINATION_DATE: {"determination date", "date determined", "determined", "determination", "date"},
    REFERENCE: {"reference", "file reference", "body reference", "body file", "file", "ref"},
}
# Text dates: the international form and the US one; a workbook's own date cells count as neither.
_DATE_FORMATS = {"YYYY-MM-DD": "%Y-%m-%d", "MM/DD/YYYY": "%m/%d/%Y"}
_FORMULA_START = ("=", "+", "@", "\t", "\r")
MAX_CELL_CHARS = 100
_NOT_A_WORKBOOK = "The file is neither CSV (UTF-8 text) nor an Excel workbook (XLSX)."
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def max_rows() -> int:
    return settings.BULK_LIST_MAX_ROWS


def max_bytes() -> int:
    return getattr(settings, "BULK_LIST_MAX_BYTES", settings.EVIDENCE_MAX_BYTES)


@dataclass(frozen=True)
class ListedRow:
    line: int
    ori: str
    determination_date: date | None  # None only on a row refused for its date
    reference: str
    written_date: str = ""  # the date cell as written, kept for a refused row to show
    refusal_kind: str = ""  # a RowRefusal when the file itself makes the row unusable
    refusal: str = ""


@dataclass(frozen=True)
class ParsedList:
    rows: list[ListedRow]
    content_type: str


def _refuse(message: str) -> RuleViolation:
    return RuleViolation(message, field="file")


def _where(line: int, column: int, label: str) -> str:
    return f"Row {line}, column {get_column_letter(column + 1)} ({label})"


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = codecs.decode(data, "utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(_NOT_A_WORKBOOK) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for row in reader:
            yield reader.line_num, list(row)
    except csv.Error as error:
        raise _refuse(f"Row {reader.line_num} is not valid CSV ({error}).") from None


class _Formula(str):
    """A workbook cell that holds a formula rather than a value."""


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:
        # A damaged workbook fails deep inside the reader in many ways: all of them mean the same.
        raise _refuse(_NOT_A_WORKBOOK) from None
    try:
        sheet = book.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in cells:
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f":
                    value = _Formula(value)
                values.append(value)
            yield line, values
    except RuleViolation:
        raise
    except Exception:
        raise _refuse(_NOT_A_WORKBOOK) from None
    finally:
        book.close()


def _text(value: Any) -> str:
    """A cell as text, whatever it holds: what a refused row shows (a NUL cannot be stored)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).replace("\x00", "").strip()[:MAX_CELL_CHARS]


def _is_formula(value: Any) -> bool:
    if isinstance(value, _Formula):
        return True
    if not isinstance(value, str):
        return False
    stripped = value.strip()
    return stripped.startswith(_FORMULA_START) or (stripped.startswith("-") and stripped[1:2] != "")


def _cell_problem(value: Any, where: str) -> tuple[str, str] | None:
    """Why a cell cannot be taken as it is (kind and words), or None."""
    if _is_formula(value):
        return RowRefusal.FORMULA, f"{where} holds a formula: enter the value itself."
    if value is None or isinstance(value, (date, int, float)):
        return None
    text = str(value)
    if "\x00" in text:
        return RowRefusal.UNREADABLE_CELL, f"{where} contains a NUL character."
    if len(text.strip()) > MAX_CELL_CHARS:
        return RowRefusal.UNREADABLE_CELL, f"{where} is longer than {MAX_CELL_CHARS} characters."
    return None


def _columns(header: list[Any], line: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        # The header names the columns: without it nothing can be read, so a bad one refuses the file.
        problem = _cell_problem(value, _where(line, index, "header"))
        if problem is not None:
            raise _refuse(problem[1])
        label = _text(value).lower().replace("_", " ").replace("-", " ")
        for column, names in _HEADERS.items():
            if label in names and column not in found:
                found[column] = index
    for column in (ORI, DETERMINATION_DATE):
        if column not in found:
            raise _refuse(
                f"Row {line}: there is no {column} column. The first row names the columns: "
                f"{', '.join(TEMPLATE_HEADER)} (the reference is optional)."
            )
    return found


def _cell(cells: list[Any], columns: dict[str, int], column: str) -> Any:
    index = columns.get(column)
    return cells[index] if index is not None and index < len(cells) else None


@dataclass(frozen=True)
class _Read:
    row: ListedRow
    date_format: str | None  # the text format its date was written in; None for a workbook date


def _read_row(line: int, cells: list[Any], columns: dict[str, int]) -> _Read:
    """One row, refused with its first problem when the file itself makes it unusable."""
    labels = {index: column for column, index in columns.items()}
    ori_index, date_index = columns[ORI], columns[DETERMINATION_DATE]
    ori = normalize_ori(_text(_cell(cells, columns, ORI)))
    raw_date = _cell(cells, columns, DETERMINATION_DATE)
    written = _text(raw_date)
    reference = _text(_cell(cells, columns, REFERENCE))[:100]

    def refused(kind: str, reason: str) -> _Read:
        return _Read(ListedRow(line, ori, None, reference, written, kind, reason), None)

    for index, value in enumerate(cells):
        # Every cell is checked, the ones of no known column too: a formula anywhere is refused.
        problem = _cell_problem(value, _where(line, index, labels.get(index, "unnamed column")))
        if problem is not None:
            return refused(*problem)
    if not ori:
        return refused(RowRefusal.EMPTY_ORI, f"{_where(line, ori_index, ORI)} is empty.")
    where = _where(line, date_index, DETERMINATION_DATE)
    if isinstance(raw_date, datetime):
        return _Read(ListedRow(line, ori, raw_date.date(), reference, written), None)
    if isinstance(raw_date, date):
        return _Read(ListedRow(line, ori, raw_date, reference, written), None)
    if not written:
        return refused(RowRefusal.EMPTY_DATE, f"{where} is empty.")
    for name, pattern in _DATE_FORMATS.items():
        try:
            determined = datetime.strptime(written, pattern).date()
        except ValueError:
            continue
        return _Read(ListedRow(line, ori, determined, reference, written), name)
    return refused(
        RowRefusal.NOT_A_DATE, f"{where}: “{written}” is not a date. Write dates as YYYY-MM-DD or MM/DD/YYYY."
    )


def _one_date_format(read: list[_Read], date_column: int) -> list[ListedRow]:
    """The rows, those written in a date format other than the list's own refused.

    The list's format is the one most of its text dates use (the first one written, on a tie): a list
    that mixes ISO and US dates may well mean other days than it says, so the odd rows are left out."""
    counts: dict[str, int] = {}
    first_line: dict[str, int] = {}
    for r in read:
        if r.date_format is not None:
            counts[r.date_format] = counts.get(r.date_format, 0) + 1
            first_line.setdefault(r.date_format, r.row.line)
    if len(counts) < 2:
        return [r.row for r in read]
    usual = max(counts, key=lambda name: (counts[name], -first_line[name]))
    rows = []
    for r in read:
        row = r.row
        if r.date_format is not None and r.date_format != usual:
            reason = (
                f"{_where(row.line, date_column, DETERMINATION_DATE)}: “{row.written_date}” is written "
                f"{r.date_format}, while {counts[usual]:,} other rows (the first on row "
                f"{first_line[usual]}) are written {usual}. Use one date format in the whole list."
            )
            row = ListedRow(
                row.line,
                row.ori,
                None,
                row.reference,
                row.written_date,
                RowRefusal.MIXED_DATE_FORMAT,
                reason,
            )
        rows.append(row)
    return rows


def parse_list(data: bytes, filename: str) -> ParsedList:
    """Every row of the list, each refused with its reason when it cannot be read; a ``RuleViolation``
    only when the file cannot be read as a table at all."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in ("csv", "xlsx"):
        raise _refuse(f"A list is a CSV or XLSX file; “{filename}” is neither.")
    if len(data) > max_bytes():
        raise _refuse(f"The file is larger than a list may be ({max_bytes():,} bytes).")
    if not data:
        raise _refuse("The file is empty.")
    is_zip = data[:4] == b"PK\x03\x04"
    if suffix == "xlsx" and is_zip:
        source, content_type = _xlsx_rows(data), XLSX_TYPE
    elif suffix == "csv" and not is_zip:
        source, content_type = _csv_rows(data), "text/csv"
    else:
        raise _refuse(f"“{filename}” is not what its name says: a list is a CSV or XLSX file.")

    columns: dict[str, int] | None = None
    read: list[_Read] = []
    for line, cells in source:
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if columns is None:
            columns = _columns(cells, line)
            continue
        if len(read) >= max_rows():
            raise _refuse(f"Row {line}: a list has at most {max_rows():,} rows.")
        read.append(_read_row(line, cells, columns))
    if columns is None or not read:
        raise _refuse("The file has no rows of ORI and determination date.")
    return ParsedList(_one_date_format(read, columns[DETERMINATION_DATE]), content_type)
