"""A teacher builds a course in the Wagtail admin; a resident proposes a lesson."""

import pytest
from playwright.sync_api import expect

from resources.models import Contribution, CoursePage, LessonPage
from resources.models.pages import OUTLINE_PROMPTS
from tests.browser.conftest import axe_violations, sign_in_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _footer_action(phone, button: str) -> None:
    phone.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    phone.click(button)
    phone.wait_for_selector(".messages .success, .messages [class*='success']")


def course_form_fill(phone, *, title, summary, teacher, hours, goal) -> None:
    """Fill the new-course form as a teacher does, outline goal included."""
    phone.fill("#id_title", title)
    phone.fill("#id_summary", summary)
    phone.select_option("#id_topic", label="养生保健")
    phone.fill("#id_contributors-0-name", teacher)
    phone.select_option("#id_contributors-0-role", "lead")
    phone.fill("#id_hours", hours)
    # The outline's bracketed prompts must be replaced before review.
    outline = phone.locator(".public-DraftEditor-content").first
    outline.click()
    phone.keyboard.press("Control+A")
    phone.keyboard.insert_text(goal)
    outline.blur()
    phone.wait_for_function(
        "t => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(i => i.value.includes(t))",
        arg=goal[:5],
    )


def _submit_for_review(phone):
    """A teacher has no 发布: her pages go to the district's editors."""
    menu = phone.locator("footer")
    assert menu.locator("button[name='action-publish']").count() == 0
    _footer_action(phone, "button[name='action-submit']")


def approve(phone, live_server, page_id: int, name: str) -> None:
    """批准并发布 from the page's editor, through its confirmation screen."""
    phone.goto(f"{live_server.url}/admin/pages/{page_id}/edit/")
    phone.locator(
        "footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']"
    ).first.click()
    phone.click("button[data-workflow-action-name='approve']")
    confirm = phone.locator("[data-approve-confirm]")
    confirm.wait_for()
    assert "马上发布" in phone.locator("[data-approve-summary]").inner_text()
    phone.screenshot(path=f"var/screenshots/approve-confirm-{name}.png")
    confirm.click()
    phone.wait_for_selector(".messages .success, .messages [class*='success']")
    phone.screenshot(path=f"var/screenshots/approved-{name}.png", full_page=True)


def test_teacher_builds_a_course_with_two_lessons(demo, phone, live_server, visit):
    from institutions.models import TownshipSchoolPage

    township = TownshipSchoolPage.objects.get(slug="chengnan")
    sign_in_admin(phone, live_server, "township_teacher")

    phone.goto(f"{live_server.url}/admin/pages/add/resources/coursepage/{township.pk}/")
    course_form_fill(
        phone,
        title="社区急救：心肺复苏入门",
        summary="遇到有人倒地怎么办？学会判断、呼救和胸外按压。",
        teacher="社区卫生服务中心 黄医生",
        hours="2",
        goal="学完能判断有人倒地时怎么办，会呼救，会做胸外按压。",
    )
    # 保存草稿 leads to the course's 添加微课 screen; these lessons are text,
    # so the teacher adds them by 添加子页面 and saves each as a draft.
    phone.click("footer button.action-save")
    phone.wait_for_url("**/admin/courses/*/lessons/")
    course = CoursePage.objects.get(title="社区急救：心肺复苏入门")
    assert not course.live and not course.workflow_in_progress
    draft = course.get_latest_revision_as_object().body
    assert not any(prompt in draft for prompt in OUTLINE_PROMPTS)

    lessons = [
        (
            "第一课：判断与呼救",
            "拍肩呼叫、看胸口起伏，马上拨打 120。",
            "6",
            "轻拍双肩，在耳边大声呼叫。没有反应、没有正常呼吸，马上请旁人拨打 120。",
        ),
        (
            "第二课：胸外按压",
            "两乳头连线中点，用力快速按压。",
            "10",
            "双手掌根重叠，按压深度 5 到 6 厘米，每分钟 100 到 120 次。",
        ),
    ]
    for title, summary, minutes, text in lessons:
        phone.goto(
            f"{live_server.url}/admin/pages/add/resources/lessonpage/{course.pk}/"
        )
        phone.fill("#id_title", title)
        phone.fill("#id_summary", summary)
        phone.fill("#id_unit", "第一单元 心肺复苏")
        phone.fill("#id_duration_minutes", minutes)
        phone.click("button.c-sf-add-button")
        phone.get_by_role("option", name="正文").click()
        editor = phone.locator(".public-DraftEditor-content").first
        editor.click()
        expect(editor).to_be_focused()
        phone.keyboard.insert_text(text)
        expect(editor).to_contain_text(text)
        editor.blur()
        # Draftail writes its hidden input a moment after typing; publish only
        # once the text is in the form.
        phone.wait_for_function(
            "t => [...document.querySelectorAll('input[type=hidden]')]"
            ".some(i => i.value.includes(t))",
            arg=text[:6],
        )
        phone.click("footer button.action-save")
        phone.wait_for_selector(".messages .success, .messages [class*='success']")
    lessons = LessonPage.objects.child_of(course)
    assert lessons.count() == 2 and not lessons.live().exists()
    # One submission for the course and its lessons.
    phone.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    _submit_for_review(phone)
    phone.screenshot(path="var/screenshots/course-submitted.png", full_page=True)
    course.refresh_from_db()
    assert course.workflow_in_progress
    assert not any(lesson.workflow_in_progress for lesson in lessons)

    reviewer = phone.context.browser.new_context(
        viewport=phone.viewport_size, device_scale_factor=2, locale="zh-CN"
    ).new_page()
    sign_in_admin(reviewer, live_server, "district_editor")
    approve(reviewer, live_server, course.pk, "course")
    reviewer.context.close()
    course.refresh_from_db()
    assert course.live and lessons.live().count() == 2

    page = visit(course.url, "course-built-by-teacher")
    assert page.get_by_role("link", name="第二课：胸外按压").is_visible()
    lesson = LessonPage.objects.get(title="第一课：判断与呼救")
    page = visit(lesson.url, "lesson-built-by-teacher")
    assert page.get_by_role("link", name="第二课：胸外按压").is_visible()
    assert page.get_by_text("轻拍双肩，在耳边大声呼叫").is_visible()


def test_resident_proposes_a_lesson(demo, phone, live_server, visit):
    course = CoursePage.objects.get(slug="smartphone-video-call")
    phone.goto(live_server.url + "/accounts/login/?next=/")
    phone.fill("#id_username", "resident")
    phone.fill("#id_password", "xuexi2026")
    phone.click("form.form button[type=submit]")

    page = visit(course.url, "course-with-syllabus")
    page.get_by_role("link", name="我来出一节微课").click()
    page.wait_for_url(f"**/contribute/lesson/{course.pk}/")
    page.click("form.form button[type=submit]")
    assert page.get_by_text("请填写这一项。").first.is_visible()
    page.screenshot(path="var/screenshots/propose-errors.png", full_page=True)
    assert not axe_violations(page)

    page.fill("#id_title", "用微信给孙子发红包")
    page.fill("#id_summary", "过年了，学会用微信发个红包。")
    page.fill(
        "#id_text",
        "第一步，打开和孙子的聊天。\n第二步，点右下角加号，选红包。\n第三步，输入金额和祝福语，点塞钱进红包。",
    )
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/me/")
    assert page.get_by_text("已提交，等待审核").is_visible()
    visit("/me/", "my-contributions")
    contribution = Contribution.objects.get(user__username="resident")
    assert not contribution.page.live
