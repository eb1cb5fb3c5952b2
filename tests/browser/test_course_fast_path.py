"""From a phone's camera roll to a reviewed course.

The township teacher, on a 360 px phone, starts a course from her dashboard,
drops three 20-second clips on it at once, renames one, captions one and
sends the whole course to review; the district editor reviews the course with
its three lessons on one screen, plays one, and approves once; residents then
find the course and its three lessons live and playable.

The screens the teacher sees (page loads of her tab) are counted and must be
at most six; the wall time from her sign-in to the submission, transcoding
included, is written to var/screenshots/course-fast-path.json for the record
(timings are not asserted: the machines are shared).
"""

from __future__ import annotations

import json
import time

import pytest

from resources.lessons import lesson_media
from resources.models import CoursePage, LessonPage
from tests.browser.conftest import SCREENSHOTS, play_until, sign_in_admin
from tests.browser.test_authoring import approve, course_form_fill
from tests.media_pipeline.clips import make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SRT = "1\n00:00:00,000 --> 00:00:05,000\n大家好，今天学第一式\n"
TITLE = "八段锦入门"


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"fast-path-{name}.png"), full_page=True)


def test_teacher_publishes_a_video_course_from_her_phone(
    demo, phone, live_server, media_worker, tmp_path
):
    clips = [
        make(tmp_path / f"八段锦_第{n}式.mp4", size="640x360", seconds=20)
        for n in ("一", "二", "三")
    ]
    captions = tmp_path / "第一式.srt"
    captions.write_bytes(SRT.encode("gbk"))
    screens = []
    phone.on(
        "framenavigated",
        lambda frame: frame == phone.main_frame and screens.append(frame.url),
    )
    started = time.monotonic()

    sign_in_admin(phone, live_server, "township_teacher")  # screens 1 and 2
    _shot(phone, "1-dashboard")
    phone.click("[data-new-course]")  # 3: the course form
    course_form_fill(
        phone,
        title=TITLE,
        summary="跟着视频学八段锦的前三式，每节二十秒。",
        teacher="城南街道 李老师",
        hours="1",
        goal="学完能跟着做八段锦的前三式。",
    )
    _shot(phone, "2-course-form")
    phone.locator("footer button[type=submit]").first.click()  # 4: its lessons
    phone.wait_for_url("**/lessons/")
    course = CoursePage.objects.get(title=TITLE)

    phone.set_input_files("[data-pick]", [str(clip) for clip in clips])
    phone.wait_for_function(
        "() => document.querySelectorAll('[data-lesson]').length === 3",
        timeout=120_000,
    )
    _shot(phone, "3-uploaded")
    first = phone.locator("[data-lesson]").first
    first.locator("[data-lesson-title]").fill("第一式 两手托天理三焦")
    first.locator("[data-lesson-title]").blur()
    first.get_by_text("标题已保存。").wait_for()
    first.locator("[data-lesson-captions]").set_input_files(str(captions))
    first.get_by_text("字幕已加上。").wait_for()
    phone.wait_for_function(
        "() => [...document.querySelectorAll('[data-lesson]')]"
        ".every(row => row.dataset.status === 'ready')",
        timeout=240_000,
    )
    _shot(phone, "4-ready")
    phone.click("[data-submit]")  # 5: the same screen, saying it is submitted
    phone.get_by_text("已经提交审核").wait_for()
    elapsed = time.monotonic() - started
    _shot(phone, "5-submitted")

    course.refresh_from_db()
    assert course.workflow_in_progress
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    assert [lesson.get_latest_revision_as_object().title for lesson in lessons] == [
        "第一式 两手托天理三焦", "八段锦 第二式", "八段锦 第三式",
    ]  # fmt: skip
    assert all(not lesson.live for lesson in lessons)
    assert lesson_media(lessons[0]).captions.get().webvtt.startswith("WEBVTT")
    assert len(screens) <= 6, screens
    (SCREENSHOTS / "course-fast-path.json").write_text(
        json.dumps({"screens": len(screens), "urls": screens,
                    "seconds": round(elapsed, 1)}, ensure_ascii=False, indent=1)
    )  # fmt: skip

    reviewer = phone.context.browser.new_context(
        viewport=phone.viewport_size, device_scale_factor=2, locale="zh-CN"
    ).new_page()
    sign_in_admin(reviewer, live_server, "district_editor")
    reviewer.goto(f"{live_server.url}/admin/pages/{course.pk}/view_draft/")
    assert reviewer.locator("[data-review-lesson]").count() == 3
    video = reviewer.locator("[data-review-lesson] [data-player] video").first
    video.evaluate("v => { v.muted = true; v.play().catch(() => {}); }")
    reviewer.wait_for_function(
        "() => document.querySelector('[data-review-lesson] video').currentTime > 1",
        timeout=30_000,
    )
    video.evaluate("v => v.pause()")
    reviewer.screenshot(
        path=str(SCREENSHOTS / "fast-path-6-review.png"), full_page=True
    )
    approve(reviewer, live_server, course.pk, "fast-path-course")
    assert "已批准「八段锦入门」" in reviewer.locator(".messages").inner_text()
    reviewer.screenshot(path=str(SCREENSHOTS / "fast-path-7-approved.png"))
    reviewer.context.close()

    course.refresh_from_db()
    assert course.live
    assert LessonPage.objects.child_of(course).live().count() == 3
    phone.goto(f"{live_server.url}/admin/")  # the teacher hears the result
    phone.get_by_text("「八段锦入门」已通过审核并发布。").wait_for()
    _shot(phone, "8-teacher-told")
    # A resident, not signed in: nothing she does writes to the database, so
    # no progress batch is still in flight when the test's tables are flushed
    # (the teacher's signed-in player posted one as her tab closed, and that
    # request deadlocked with the flush on a busy clean-clone run).
    resident = phone.context.browser.new_context(
        viewport=phone.viewport_size, device_scale_factor=2, locale="zh-CN"
    ).new_page()
    resident.goto(live_server.url + course.url)
    assert resident.get_by_role("link", name="第一式 两手托天理三焦").is_visible()
    resident.screenshot(
        path=str(SCREENSHOTS / "fast-path-course-live.png"), full_page=True
    )
    lesson = LessonPage.objects.get(pk=lessons[0].pk)
    resident.goto(live_server.url + lesson.url)
    play_until(resident, 1)
    resident.locator("[data-player] video").evaluate("v => v.pause()")
    resident.screenshot(path=str(SCREENSHOTS / "fast-path-lesson-live.png"))
    resident.context.close()
