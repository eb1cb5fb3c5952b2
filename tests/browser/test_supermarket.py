"""A resident uses the learning supermarket in Chromium: types, picks a
suggestion, filters by a facet and opens a result; phone and desktop."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(search_index, demo):
    call_command("search_reindex", stdout=StringIO())


def test_search_suggest_filter_and_open(catalogue, visit, live_server, browser):
    page = visit("/supermarket/", "supermarket-shelves")
    assert page.locator(".shelf").count() >= 3

    page.fill("#q", "太极")
    page.wait_for_selector("#suggestions [role=option]")
    page.keyboard.press("ArrowDown")
    assert page.locator("#q").get_attribute("aria-activedescendant") == "suggestion-0"
    page.screenshot(path=str(SCREENSHOTS / "supermarket-suggestions.png"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/supermarket/?q=*")
    assert page.locator(".result").first.inner_text().count("太极拳二十四式") == 1

    page = visit("/supermarket/?q=手机", "supermarket-results")
    page.click(".supermarket__filters summary")
    page.select_option("select[name=format]", "course")
    page.click(".supermarket__filters button[type=submit]")
    page.wait_for_url("**format=course*")
    titles = page.locator(".result .course-card__title").all_inner_texts()
    assert titles and "智能手机入门：微信视频通话" in titles
    page.screenshot(path=str(SCREENSHOTS / "supermarket-filtered.png"), full_page=True)
    page.click("text=智能手机入门：微信视频通话")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "智能手机入门：微信视频通话"

    desktop = browser.new_context(viewport={"width": 1280, "height": 900})
    wide = desktop.new_page()
    wide.goto(live_server.url + "/supermarket/?q=高血压")
    wide.screenshot(path=str(SCREENSHOTS / "supermarket-desktop.png"), full_page=True)
    assert "高血压的家庭管理" in wide.content()
    wide.goto(live_server.url + "/supermarket/")
    wide.screenshot(path=str(SCREENSHOTS / "supermarket-desktop-shelves.png"))
    desktop.close()


def test_near_you_and_did_you_mean_on_a_phone(catalogue, visit):
    from institutions.models import TownshipSchoolPage
    from search import selectors

    place = next(
        p
        for p in selectors.places()
        if isinstance(p, TownshipSchoolPage) and selectors.near_you(p, 6)[0]
    )
    page = visit("/supermarket/", "supermarket-choose-place")
    page.select_option("#near", place.slug)
    page.click(".near button[type=submit]")
    page.wait_for_url("**near=*")
    first_shelf = page.locator(".shelf__title").first.inner_text()
    assert first_shelf.startswith(f"身边的课程 · {place.title}")
    page.screenshot(path=str(SCREENSHOTS / "supermarket-near-you.png"))
    page = visit("/supermarket/", "supermarket-near-you-remembered")
    assert page.locator(".shelf__title").first.inner_text() == first_shelf

    page = visit("/supermarket/?q=太级拳", "supermarket-did-you-mean")
    page.click(".supermarket__did-you-mean a")
    page.wait_for_url("**q=%E5%A4%AA%E6%9E%81%E6%8B%B3*")
    assert "太极拳二十四式" in page.locator(".results").inner_text()
