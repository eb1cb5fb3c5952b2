"""The statistics dashboard as a district editor (only the district) and as
the city editor (every district), the public statistics page on a phone, and
the yearly report PDF rendered to an image."""

from __future__ import annotations

import pypdfium2
import pytest

from tests.browser.conftest import SCREENSHOTS, axe_violations, sign_in_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def desk(browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    yield context.new_page()
    context.close()


def _dashboard(page, live_server, username: str, screenshot: str):
    sign_in_admin(page, live_server, username)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/admin/statistics/")
    page.wait_for_selector("#chart-trend svg")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{screenshot}.png"), full_page=True)
    violations = [v["id"] for v in axe_violations(page)]
    assert not violations, violations
    assert not errors, errors
    return page.locator("#t-breakdown").locator("xpath=..").inner_text()


def test_district_editor_sees_the_district_and_the_city_editor_all(
    demo, desk, browser, live_server
):
    breakdown = _dashboard(desk, live_server, "district_editor", "dashboard-district")
    assert "城南街道社区学校" in breakdown and "分宜县社区学院" not in breakdown
    assert "渝水区社区学院" in desk.locator("header").inner_text()

    city = browser.new_context(viewport=DESKTOP, locale="zh-CN").new_page()
    breakdown = _dashboard(city, live_server, "city_editor", "dashboard-city")
    for district in (
        "渝水区社区学院",
        "分宜县社区学院",
        "仙女湖区社区学院",
        "高新区社区学院",
    ):
        assert district in breakdown

    response = desk.request.get(f"{live_server.url}/admin/statistics/report.pdf")
    assert response.headers["content-type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.body())
    for number in range(len(pdf)):
        image = pdf[number].render(scale=1.5).to_pil()
        image.save(SCREENSHOTS / f"annual-report-page-{number + 1}.png")
    assert "渝水区社区学院" in pdf[0].get_textpage().get_text_range()


def test_public_statistics_on_a_phone(demo, visit):
    page = visit("/statistics/", "statistics-public")
    text = page.locator("main").inner_text()
    assert "居民参与率" in text and "少于 5" in text
    page.click("text=指标口径说明")
    page.wait_for_selector("#participation_rate")
