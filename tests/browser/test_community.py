"""A resident on a phone finds an event through the learning map, registers,
is checked in by staff scanning the ticket, and sees the hours on the record.
The map page falls back to its list when the tile server cannot be reached."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import EventPage, EventRegistration
from tests.browser.conftest import PHONE, SCREENSHOTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(demo, settings):
    # Nothing listens here: the map must notice and fall back to the list.
    settings.LEARNING_MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"


def test_resident_finds_an_event_on_the_map_registers_and_is_checked_in(
    demo, phone, visit, browser, live_server
):
    sign_in(phone, live_server, "resident")
    visit("/map/", "learning-map")
    assert phone.locator(".learning-map__list").is_visible()
    assert "暂未标注地图位置" in phone.locator(".learning-map__list").inner_text()

    phone.click("button[data-view=map]")
    phone.wait_for_selector(".map-notice:not([hidden])", timeout=15_000)
    assert phone.locator(".learning-map__list").is_visible()
    phone.screenshot(path=str(SCREENSHOTS / "learning-map-no-tiles.png"))

    phone.select_option("select[name=kind]", "culture")
    phone.select_option("select[name=district]", "xiannvhu")
    phone.click(".filters button[type=submit]")
    phone.click("text=仙女湖区文化馆")
    phone.wait_for_selector("h1:has-text('仙女湖区文化馆')")
    visit(phone.url.removeprefix(live_server.url), "venue")
    phone.click("text=夏布绣体验课")
    phone.wait_for_selector("h1:has-text('夏布绣体验课')")
    event_path = phone.url.removeprefix(live_server.url)
    visit(event_path, "event")
    phone.click("button:has-text('报名参加')")
    phone.wait_for_selector(".ticket svg")
    assert "报名成功" in phone.locator(".flash").first.inner_text()
    visit(event_path, "event-registered")

    # The day comes: the event starts in half an hour and staff scan the ticket.
    event = EventPage.objects.get(slug="xiabu-workshop")
    event.starts_at = timezone.now() + timedelta(minutes=30)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save_revision().publish()
    ticket = EventRegistration.objects.get(event=event, learner__username="resident")
    staff = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    scanner = staff.new_page()
    sign_in(scanner, live_server, "city_editor")
    scanner.goto(f"{live_server.url}/tickets/{ticket.token}/")
    scanner.click("button:has-text('确认签到')")
    scanner.wait_for_selector("text=已签到：居民 王阿姨")
    scanner.screenshot(path=str(SCREENSHOTS / "ticket-checked-in.png"), full_page=True)
    staff.close()

    visit(event_path, "event-checked-in")
    assert "2.0 小时已记入" in phone.locator(".signup").inner_text()
    phone.click("text=查看学习档案")
    phone.wait_for_url("**/me/record/")
    visit("/me/record/", "learning-record-with-event")
    record = phone.locator(".record__item--event").first.inner_text()
    assert "夏布绣体验课" in record and "2 小时" in record


def test_event_list_on_a_phone(demo, visit):
    page = visit("/events/", "events")
    assert "全民终身学习活动周开幕式" in page.locator(".event-list").inner_text()
    page = visit("/events/?when=past", "events-past")
    assert "仙女湖湿地研学游" in page.locator(".event-list").inner_text()


def test_resident_rates_a_lesson_and_the_comment_shows_after_moderation(
    demo, phone, visit, browser, live_server
):
    from resources.models import LessonPage

    lesson = LessonPage.objects.live().filter(body__isnull=False).first()
    sign_in(phone, live_server, "resident")
    visit(lesson.url, "lesson-feedback")
    phone.click(".stars__choice[value='4']")
    phone.wait_for_selector("text=你给了 4 颗星")
    phone.fill("textarea[name=body]", "步骤讲得很细，我跟着做了一遍就会了。")
    phone.click("button:has-text('提交留言')")
    phone.wait_for_selector("text=等待审核，只有你能看到")
    phone.locator(".feedback").screenshot(
        path=str(SCREENSHOTS / "feedback-pending.png")
    )

    staff = browser.new_context(viewport=PHONE, device_scale_factor=2, locale="zh-CN")
    editor = staff.new_page()
    editor.goto(f"{live_server.url}/admin/login/")
    editor.fill("#id_username", "city_editor")
    editor.fill("#id_password", "xuexi2026")
    editor.click("button[type=submit]")
    editor.wait_for_url("**/admin/")
    editor.goto(f"{live_server.url}/admin/comments/")
    row = editor.locator("tr", has_text="步骤讲得很细")
    row.locator("button:has-text('通过并显示')").click()
    editor.wait_for_selector("text=已显示。")
    editor.screenshot(path=str(SCREENSHOTS / "comment-moderation.png"), full_page=True)
    staff.close()

    anonymous = browser.new_context(viewport=PHONE, device_scale_factor=2)
    visitor = anonymous.new_page()
    visitor.goto(live_server.url + lesson.url)
    comment = visitor.locator(".comment", has_text="步骤讲得很细")
    assert comment.is_visible() and "等待审核" not in comment.inner_text()
    anonymous.close()
    visit(lesson.url, "lesson-feedback-approved")


def test_brand_page_and_showcase_on_a_phone(demo, visit):
    page = visit("/brands/", "brand-showcase")
    page.click("text=罗坊夏布绣坊")
    page.wait_for_selector("h1:has-text('罗坊夏布绣坊')")
    path = page.url.split("://", 1)[1].split("/", 1)[1]
    visit("/" + path, "brand-page")
    assert "一根苎麻线" in page.locator(".brand-hero").inner_text()
    visit("/groups/", "groups")
    page.click("text=北湖太极拳队")
    page.wait_for_selector("h1:has-text('北湖太极拳队')")
