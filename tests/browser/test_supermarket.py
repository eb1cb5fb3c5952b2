"""A resident uses the learning supermarket in Chromium: types, picks a
suggestion, filters by a facet and opens a result; finds lessons, events and
groups with everyday words; phone and desktop."""

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
        if p.specific_class is TownshipSchoolPage
        and selectors.near_you(p.specific, 6)[0]
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

    page = visit("/supermarket/?q=太集拳", "supermarket-did-you-mean")
    page.click(".supermarket__did-you-mean a")
    page.wait_for_url("**q=%E5%A4%AA%E6%9E%81%E6%8B%B3*")
    assert "太极拳二十四式" in page.locator(".results").inner_text()


def _kinds(page) -> dict[str, list[str]]:
    """Each result's type label → its titles, as the resident reads them."""
    found: dict[str, list[str]] = {}
    for card in page.locator(".result").all():
        kind = card.locator(".topic-chip--kind").inner_text()
        found.setdefault(kind, []).append(
            card.locator(".course-card__title").inner_text()
        )
    return found


def test_everyday_words_find_every_kind_on_a_phone(catalogue, visit):
    page = visit("/supermarket/?q=太极", "supermarket-taiji")
    kinds = _kinds(page)
    assert "起势与野马分鬃" in kinds.get("微课", []), kinds
    assert "太极拳晨练交流会" in kinds.get("活动", []), kinds
    assert "北湖太极拳队" in kinds.get("学习小组", []), kinds
    group = page.locator(".result--group", has_text="北湖太极拳队")
    assert "活动时间：每天早上 6:30 · 北湖公园东门广场" in group.inner_text()
    event = page.locator(".result--event", has_text="太极拳晨练交流会").inner_text()
    assert "月" in event and "日" in event  # when it is, as well as where

    page = visit("/supermarket/?q=电信诈骗", "supermarket-telecom-fraud")
    kinds = _kinds(page)
    assert "防范电信网络诈骗" in kinds.get("课程", [])
    assert "冒充客服退款，怎么识破" in kinds.get("微课", []), kinds
    page = visit("/supermarket/?q=高血", "supermarket-prefix")
    assert _kinds(page).get("微课"), "高血 finds no lesson of 高血压的家庭管理"

    # A course still being made says so, and leads to one to learn now.
    page = visit("/supermarket/?q=广场舞", "supermarket-coming")
    coming = page.locator(".result--course", has_text="即将上线").first
    coming.locator("a").click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    assert "即将上线" in text and "上线第一节" in text and "3 学时" not in text
    page.screenshot(path=str(SCREENSHOTS / "course-coming.png"), full_page=True)
    page.locator("[data-similar-courses] a").first.click()
    page.wait_for_load_state()
    assert page.locator(".syllabus a, [data-syllabus] a").count(), page.url
