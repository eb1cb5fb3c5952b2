"""The dashboard per editor scope, its exports, the public page (no small
counts) and the definitions every figure links to."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from institutions.services import institution_group_sync
from stats.definitions import DEFINITIONS

pytestmark = pytest.mark.django_db


def _editor(client, page):
    user = get_user_model().objects.create_user(f"editor-{page.pk}", password="x")
    user.groups.add(institution_group_sync(page=page))
    client.force_login(user)


def test_a_district_editor_sees_only_the_district(client, data):
    _editor(client, data.districts[0])
    page = client.get("/admin/statistics/?period=2026").content.decode()
    assert data.districts[0].title in page and "20.0%" in page  # 2 of 10
    assert data.districts[1].title not in page
    other = client.get(f"/admin/statistics/?institution={data.districts[1].pk}")
    assert other.status_code == 404
    city = client.get(f"/admin/statistics/?institution={data.city.pk}")
    assert city.status_code == 404
    township = client.get(f"/admin/statistics/?institution={data.townships[0].pk}")
    assert township.status_code == 200


def test_the_city_editor_sees_every_district(client, data):
    _editor(client, data.city)
    page = client.get("/admin/statistics/?period=2026").content.decode()
    assert data.districts[0].title in page and data.districts[1].title in page
    assert "21.4%" in page  # 3 of 14
    for definition in DEFINITIONS[:2]:
        assert f"#{definition.key}" in page


def test_residents_do_not_get_the_dashboard(client, data):
    client.force_login(get_user_model().objects.get(username="L1"))
    assert client.get("/admin/statistics/").status_code in (302, 403)


def test_every_table_exports_as_csv_and_all_as_xlsx(client, data):
    from openpyxl import load_workbook

    _editor(client, data.city)
    response = client.get("/admin/statistics/?period=2026&export=csv&table=breakdown")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["机构", "活跃学习者", "服务常住人口", "参与率"]
    assert rows[1] == [data.districts[0].title, "2", "10", "20.0%"]
    assert client.get("/admin/statistics/?export=csv&table=nope").status_code == 404
    workbook = load_workbook(BytesIO(client.get(
        "/admin/statistics/?period=2026&export=xlsx").content))  # fmt: skip
    assert "下级机构参与率" in workbook.sheetnames
    trend = workbook["每月活跃学习者"]
    assert [c.value for c in trend[4]] == ["2026-03", 2]


def test_public_page_hides_small_counts(client, data):
    page = client.get("/statistics/?period=2026").content.decode()
    assert "少于 5" in page  # 3 active learners city-wide
    assert "21.4%" not in page  # a rate would reveal the small count
    assert "L1" not in page


def test_public_page_does_not_name_private_institutions(client, data, city):
    hidden = city.districts[1]
    assert hidden.title in client.get("/statistics/?period=2026").content.decode()
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    assert hidden.title not in client.get("/statistics/?period=2026").content.decode()


def test_definitions_page_lists_every_figure(client, db):
    page = client.get("/statistics/definitions/").content.decode()
    for definition in DEFINITIONS:
        assert f'id="{definition.key}"' in page


def test_yearly_report_pdf_has_the_figures_and_the_font(client, data):
    import pypdfium2

    _editor(client, data.districts[0])
    response = client.get(
        f"/admin/statistics/report.pdf?institution={data.districts[0].pk}&year=2026"
    )
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "2026 年度社区教育工作报告" in text
    assert "20.0%" in text and data.townships[1].title in text
    assert "指标口径" in text
    assert b"NotoSerifCJK" in response.content or b"Noto" in response.content
    other = f"/admin/statistics/report.pdf?institution={data.districts[1].pk}"
    assert client.get(other).status_code == 404
