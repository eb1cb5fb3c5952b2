"""Every dashboard table as CSV (UTF-8 with a BOM, so Excel opens Chinese text
correctly) or as an XLSX workbook with one sheet per table."""

from __future__ import annotations

import csv
import re
from io import BytesIO, StringIO

from django.http import HttpResponse

from .dashboard import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Characters neither XML (so XLSX) nor a sane CSV can hold: C0 controls
# other than tab, newline and return, and the non-characters XML forbids.
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A cell starting with one of these is a formula to Excel, LibreOffice or
# WPS; residents' search text (and any other text people typed) must stay text.
FORMULA_START = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
)


def _text(value) -> str:
    return UNSAFE.sub("", str(value))


def _cell(value):
    """Numbers stay numbers; text is cleaned of what the format can't hold."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text(value)
    return value


def _csv_cell(value):
    value = _cell(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def as_csv(table: Table) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow([_csv_cell(column) for column in table.columns])
    writer.writerows([[_csv_cell(v) for v in row] for row in table.rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(tables: list[Table], *, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(_sheet_title(table.title))
        sheet.append([_cell(column) for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    # openpyxl makes any text starting with "=" a formula;
                    # typed as a string it shows exactly what was typed.
                    cell.data_type = "s"
        sheet.column_dimensions["A"].width = 28
    book.properties.title = title
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title) -> str:
    return re.sub(r"[\\/*?:\[\]]", " ", _text(title))[:31] or "Sheet"


def download(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
