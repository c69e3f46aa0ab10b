"""The export writer: formula-like cells neutralised in CSV and XLSX alike, numbers and ORIs untouched."""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import openpyxl
import pytest

from common.exports import Column, csv_lines, export_response, write_xlsx

COLUMNS = [Column("Name", lambda r: r.name), Column("Amount", lambda r: r.amount)]
DANGEROUS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR"]


def _rows(values):
    return [SimpleNamespace(name=v, amount=Decimal("-1250.50")) for v in values]


def _csv(values):
    return list(csv.reader(io.StringIO("".join(csv_lines(COLUMNS, _rows(values))), newline="")))


def _xlsx(values):
    target = io.BytesIO()
    write_xlsx(COLUMNS, _rows(values), target)
    target.seek(0)
    sheet = openpyxl.load_workbook(target).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_like_text_is_neutralised(value):
    assert _csv([value])[1][0] == "'" + value
    cells = _xlsx([value])
    # OOXML stores a carriage return as the escape _x000D_, which openpyxl leaves as it is.
    assert cells[1][0].replace("_x000D_", "\r") == "'" + value
    assert not str(cells[1][0]).startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("value", ["CA0194200", "Springfield Police Department", "-12.50", "-7", "O'Hare"])
def test_ordinary_values_are_unchanged(value):
    assert _csv([value])[1][0] == value
    assert _xlsx([value])[1][0] == value


def test_numbers_stay_numbers():
    assert _csv(["x"])[1][1] == "-1250.50"
    assert _xlsx(["x"])[1][1] == -1250.5


def test_xlsx_writes_no_formula_even_for_text_that_looks_like_one():
    target = io.BytesIO()
    write_xlsx(COLUMNS, _rows(["=1+1"]), target)
    target.seek(0)
    sheet = openpyxl.load_workbook(target).active
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_response_names_the_file_and_is_not_cached():
    response = export_response(fmt="csv", filename="applicants", columns=COLUMNS, rows=_rows(["a"]))
    assert response["Content-Disposition"] == 'attachment; filename="applicants.csv"'
    assert response["Cache-Control"] == "private, no-store"
    with pytest.raises(ValueError, match="format"):
        export_response(fmt="pdf", filename="x", columns=COLUMNS, rows=[])
