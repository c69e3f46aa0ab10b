"""One writer for every download of a list: the same columns, headers and cells as CSV and as XLSX.

A list's columns are defined once (beside its filters, in the domain app) as ``Column`` rows; the web page
and the API both hand them to ``export_response`` with the rows of the same query.

Cells a spreadsheet would read as a formula (starting with ``= + - @``, a tab or a carriage return) are
prefixed with an apostrophe, the OWASP advice against CSV injection: registry names are typed by people.
Numbers stay numbers, so a negative amount is not touched.
"""

import csv
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    key: str = ""  # the JSON member name; the header when blank


def cell(value: Any) -> str | int | float | Decimal:
    """The exported form of one value: numbers as they are, everything else as neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds")
            if timezone.is_aware(value)
            else (value.isoformat(timespec="seconds"))
        )
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def table(columns: list[Column], rows: Iterable[Any]) -> Iterator[list[Any]]:
    """The header row, then one row of cells per object."""
    yield [c.header for c in columns]
    for row in rows:
        yield [cell(c.value(row)) for c in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(columns: list[Column], rows: Iterable[Any]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for values in table(columns, rows):
        yield writer.writerow(values)


def json_value(value: Any) -> Any:
    """A value as JSON has it: numbers, booleans and null as they are, dates ISO 8601, the rest text
    (JSON is not run by a spreadsheet, so text is not neutralised)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return cell(value)
    return str(value)


def json_lines(columns: list[Column], rows: Iterable[Any]) -> Iterator[str]:
    """A JSON array of one object per row, members in column order, streamed a row at a time."""
    yield "["
    for n, row in enumerate(rows):
        item = {c.key or c.header: json_value(c.value(row)) for c in columns}
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def write_xlsx(columns: list[Column], rows: Iterable[Any], target: Any, *, sheet: str = "Export") -> None:
    """Write the table to ``target`` (a path or a seekable binary file), row by row in constant memory."""
    book = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            # Text is text: never turned into a formula, a link or a number by the writer.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = book.add_format({"bold": True})
    worksheet = book.add_worksheet(sheet[:31])
    for index, values in enumerate(table(columns, rows)):
        for col, value in enumerate(values):
            if index == 0:
                worksheet.write_string(index, col, value, bold)
            elif isinstance(value, str):
                worksheet.write_string(index, col, value)
            else:
                worksheet.write_number(index, col, value)
    worksheet.freeze_panes(1, 0)
    book.close()


def export_response(
    *, fmt: str, filename: str, columns: list[Column], rows: Iterable[Any]
) -> HttpResponseBase:
    """A download of the table, streamed: CSV line by line, JSON row by row, XLSX from a temporary file.

    ``filename`` has no extension: the format adds it.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    name = f"{filename}.{fmt}"
    if fmt in ("csv", "json"):
        lines = csv_lines(columns, rows) if fmt == "csv" else json_lines(columns, rows)
        response: HttpResponseBase = StreamingHttpResponse(lines, content_type=FORMATS[fmt])
    else:
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it once sent
        write_xlsx(columns, rows, spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
