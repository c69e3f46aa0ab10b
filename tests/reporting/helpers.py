"""Making list files in tests: CSV text and real workbooks."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from reporting.parsing import XLSX_TYPE


def csv_file(
    rows: list[list[str]], name: str = "list.csv", header=("ORI", "determination date", "reference")
):
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(), content_type="text/csv")


def xlsx_file(
    rows: list[list[object]], name: str = "list.xlsx", header=("ORI", "determination date", "reference")
):
    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX_TYPE)
