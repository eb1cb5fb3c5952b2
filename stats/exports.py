"""Every dashboard table as CSV (UTF-8 with a BOM, so Excel opens Chinese text
correctly) or as an XLSX workbook with one sheet per table."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

from django.http import HttpResponse

from .dashboard import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    return str(value) if not isinstance(value, int | float) else value


def as_csv(table: Table) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([str(column) for column in table.columns])
    writer.writerows([[_cell(v) for v in row] for row in table.rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(tables: list[Table], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(str(table.title)[:31])
        sheet.append([str(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
        sheet.column_dimensions["A"].width = 28
    book.properties.title = title
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
