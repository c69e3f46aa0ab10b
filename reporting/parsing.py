"""Reading a body's list (CSV or XLSX) into rows of ORI, determination date and reference.

Anything that makes the file itself unusable (not CSV or XLSX, no ORI column, over the caps, a NUL
byte, a formula, a date that is not a date, two date formats in one file) refuses the whole file with a
message that names the row and the column, as a spreadsheet numbers them. Whether a well-formed row can
be approved is decided later, row by row (``services.lists``).
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
    return getattr(settings, "BULK_LIST_MAX_ROWS", 10_000)


def max_bytes() -> int:
    return getattr(settings, "BULK_LIST_MAX_BYTES", settings.EVIDENCE_MAX_BYTES)


@dataclass(frozen=True)
class ListedRow:
    line: int
    ori: str
    determination_date: date
    reference: str


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


def _text(value: Any, line: int, column: int, label: str) -> str:
    if isinstance(value, _Formula):
        raise _refuse(f"{_where(line, column, label)} holds a formula: enter the value itself.")
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if "\x00" in text:
        raise _refuse(f"{_where(line, column, label)} contains a NUL character.")
    stripped = text.strip()
    if stripped.startswith(_FORMULA_START) or (stripped.startswith("-") and stripped[1:2] != ""):
        raise _refuse(f"{_where(line, column, label)} holds a formula: enter the value itself.")
    if len(stripped) > MAX_CELL_CHARS:
        raise _refuse(f"{_where(line, column, label)} is longer than {MAX_CELL_CHARS} characters.")
    return stripped


def _columns(header: list[Any], line: int) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        label = _text(value, line, index, "header").lower().replace("_", " ").replace("-", " ")
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


def parse_list(data: bytes, filename: str) -> ParsedList:
    """The list's rows, or a ``RuleViolation`` naming the first row and column that make it unusable."""
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
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise _refuse(f"Row {line} contains a NUL character.")
        source, content_type = _csv_rows(data), "text/csv"
    else:
        raise _refuse(f"“{filename}” is not what its name says: a list is a CSV or XLSX file.")

    columns: dict[str, int] | None = None
    rows: list[ListedRow] = []
    first_format: tuple[str, int] | None = None
    for line, cells in source:
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        if columns is None:
            columns = _columns(cells, line)
            continue
        if len(rows) >= max_rows():
            raise _refuse(f"Row {line}: a list has at most {max_rows():,} rows.")

        labels = {index: column for column, index in columns.items()}
        for index, value in enumerate(cells):
            # Every cell is checked, the ones of no known column too: a formula anywhere is refused.
            _text(value, line, index, labels.get(index, "unnamed column"))
        ori_index = columns[ORI]
        ori = normalize_ori(_text(_cell(cells, columns, ORI), line, ori_index, ORI))
        if not ori:
            raise _refuse(f"{_where(line, ori_index, ORI)} is empty.")
        date_index = columns[DETERMINATION_DATE]
        raw = _cell(cells, columns, DETERMINATION_DATE)
        where = _where(line, date_index, DETERMINATION_DATE)
        if isinstance(raw, datetime):
            determined = raw.date()
        elif isinstance(raw, date):
            determined = raw
        else:
            text = _text(raw, line, date_index, DETERMINATION_DATE)
            if not text:
                raise _refuse(f"{where} is empty.")
            determined, used = _parse_date(text, where)
            if first_format is None:
                first_format = (used, line)
            elif first_format[0] != used:
                raise _refuse(
                    f"{where}: “{text}” is written {used}, while row {first_format[1]} is written "
                    f"{first_format[0]}. Use one date format in the whole list."
                )
        reference_index = columns.get(REFERENCE)
        reference = ""
        if reference_index is not None:
            reference = _text(_cell(cells, columns, REFERENCE), line, reference_index, REFERENCE)
        rows.append(ListedRow(line, ori, determined, reference))
    if columns is None or not rows:
        raise _refuse("The file has no rows of ORI and determination date.")
    return ParsedList(rows, content_type)


def _parse_date(text: str, where: str) -> tuple[date, str]:
    for name, pattern in _DATE_FORMATS.items():
        try:
            return datetime.strptime(text, pattern).date(), name
        except ValueError:
            continue
    raise _refuse(f"{where}: “{text}” is not a date. Write dates as YYYY-MM-DD or MM/DD/YYYY.")
