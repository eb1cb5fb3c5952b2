"""The course's lesson screen as a township teacher: videos in, lessons out,
the course to review as one, one approval publishing it with its lessons.

Uploads travel the real tus views into the S3 server; transcodes are the
pipeline's own (steps.transcode) on a short clip.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from institutions.selectors import institution_collection
from institutions.services import institution_groups_sync_all
from media_pipeline import steps
from media_pipeline.models import MediaAsset
from resources.lessons import lesson_media, title_from_filename
from resources.models import CoursePage, LessonPage
from tests.factories.institutions import CoursePageFactory
from tests.media_pipeline.clips import make
from tests.media_pipeline.test_uploads import _create, _send
from tests.resources.test_outline import _post

pytestmark = pytest.mark.django_db

SRT = "1\n00:00:00,000 --> 00:00:02,000\n双手慢慢上举\n"
INTRO = "<h3>学完能做什么</h3><p>学会八段锦前两式。</p>"


@pytest.fixture
def people(city, settings, tmp_path):
    settings.MEDIA_UPLOAD_DIR = str(tmp_path / "parts")
    institution_groups_sync_all()
    users = get_user_model().objects

    def member(name, page):
        user = users.create_user(name, password="x", first_name=name)
        user.groups.add(page.editor_group_link.group)
        return user

    return {
        "teacher": member("teacher", city.townships[0]),
        "other": member("other", city.townships[2]),
        "district": member("district", city.districts[0]),
    }


@pytest.fixture
def course(city):
    return CoursePageFactory(parent=city.townships[0], live=False, body=INTRO)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _add(client, course, path):
    token = _send(client, path).rstrip("/").rsplit("/", 1)[1]
    return client.post(
        reverse("course_lesson_add", args=[course.pk]), {"upload": token}
    )


def test_titles_come_from_file_names():
    assert (
        title_from_filename("八段锦_第一式-2026.11.30.mp4")
        == "八段锦 第一式 2026 11 30"
    )
    assert title_from_filename("C:\\录像\\太极.MOV") == "太极"
    assert title_from_filename(".mp4") == "mp4"


def test_teacher_adds_renames_and_captions_lessons(people, course, tmp_path):
    client = _client(people["teacher"])
    assert client.get(reverse("course_lessons", args=[course.pk])).status_code == 200
    response = _add(client, course, make(tmp_path / "八段锦_第一式.mp4", seconds=2))
    assert response.status_code == 201, response.content.decode()
    row = response.json()
    lesson = LessonPage.objects.get(pk=row["id"])
    assert lesson.title == "八段锦 第一式" and not lesson.live
    assert lesson.get_parent().pk == course.pk
    asset = lesson_media(lesson)
    assert asset.collection == institution_collection(page=course)
    assert asset.uploaded_by == people["teacher"]
    assert "八段锦 第一式" in row["html"]

    update = reverse("course_lesson_update", args=[course.pk, lesson.pk])
    assert client.post(update, {"title": "两手托天理三焦"}).status_code == 200
    fresh = LessonPage.objects.get(pk=lesson.pk)
    assert fresh.get_latest_revision_as_object().title == "两手托天理三焦"
    response = client.post(update, {"title": "   "})
    assert response.status_code == 400 and "不能为空" in response.json()["error"]
    captions = SimpleUploadedFile("a.srt", SRT.encode("gbk"))
    assert client.post(update, {"captions": captions}).status_code == 200
    assert asset.captions.get().webvtt.startswith("WEBVTT")
    bad = SimpleUploadedFile("a.txt", b"hello")
    response = client.post(update, {"captions": bad})
    assert response.status_code == 400 and "SRT" in response.json()["error"]


def test_wrong_files_and_other_schools_are_refused(people, course, tmp_path):
    client = _client(people["teacher"])
    refused = _create(client, "notes.txt", 10)  # refused before a byte is stored
    assert refused.status_code == 415 and "不支持" in refused.content.decode()
    add = reverse("course_lesson_add", args=[course.pk])
    response = client.post(add, {"upload": "x"})
    assert response.status_code == 400 and "找不到" in response.json()["error"]
    assert not LessonPage.objects.exists() and not MediaAsset.objects.exists()
    # A text file renamed .mp4 gets in, fails its transcode, and blocks submission.
    fake = tmp_path / "假视频.mp4"
    fake.write_text("不是视频" * 100)
    lesson = LessonPage.objects.get(pk=_add(client, course, fake).json()["id"])
    steps.transcode(lesson_media(lesson).pk)
    response = client.post(reverse("course_submit", args=[course.pk]), follow=True)
    assert "没能转码" in response.content.decode()
    assert not CoursePage.objects.get(pk=course.pk).workflow_in_progress
    other = _client(people["other"])
    for url in (
        reverse("course_lessons", args=[course.pk]),
        reverse("course_lessons_status", args=[course.pk]),
    ):
        assert other.get(url).status_code == 404
    assert other.post(reverse("course_submit", args=[course.pk])).status_code == 404
    assert (
        _client(people["teacher"])
        .get(reverse("course_lessons", args=[999_999_999_999]))
        .status_code
        == 404
    )


def test_a_failed_video_is_retried_or_its_lesson_deleted(people, course, tmp_path):
    client = _client(people["teacher"])
    fetch = {"X-Requested-With": "fetch"}
    fake = tmp_path / "假视频.mp4"
    fake.write_text("不是视频" * 100)
    lesson = LessonPage.objects.get(pk=_add(client, course, fake).json()["id"])
    asset = lesson_media(lesson)
    steps.transcode(asset.pk)
    retry = reverse("course_lesson_retry", args=[course.pk, lesson.pk])
    delete = reverse("course_lesson_delete", args=[course.pk, lesson.pk])
    # The file itself is the problem: trying again cannot help.
    response = client.post(retry, headers=fetch)
    assert response.status_code == 400 and "删掉" in response.json()["error"]
    # A worker that timed out can be asked again.
    MediaAsset.objects.filter(pk=asset.pk).update(failure_reason="timeout")
    row = client.post(retry, headers=fetch).json()
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.UPLOADED and not asset.failure_reason
    assert row["message"] == "已收到视频，正在排队处理…" and not row["retry"]
    other = _client(people["other"])
    assert other.post(retry).status_code == 404
    assert other.post(delete).status_code == 404
    response = client.post(delete, follow=True)
    assert "已删除「假视频」" in response.content.decode()
    assert not LessonPage.objects.filter(pk=lesson.pk).exists()
    assert not MediaAsset.objects.filter(pk=asset.pk).exists()
    assert client.post(delete).status_code == 404


def test_a_renamed_draft_is_found_by_its_new_name(
    people, course, tmp_path, django_capture_on_commit_callbacks
):
    client = _client(people["teacher"])
    clip = make(tmp_path / "IMG_0042.mp4", seconds=1)
    lesson_id = _add(client, course, clip).json()["id"]
    update = reverse("course_lesson_update", args=[course.pk, lesson_id])
    with django_capture_on_commit_callbacks(execute=True):  # indexing follows commit
        row = client.post(update, {"title": "防跌倒小妙招"}).json()
    assert row["title"] == "防跌倒小妙招"
    lesson = LessonPage.objects.get(pk=lesson_id)
    assert lesson.title == "防跌倒小妙招"
    assert lesson.get_latest_revision_as_object().summary == "防跌倒小妙招"
    assert lesson_media(lesson).title == "防跌倒小妙招"  # shown under the player
    # The admin's search (the teacher's "where is it") finds the new name.
    found = client.get(reverse("wagtailadmin_pages:search"), {"q": "跌倒"})
    assert "防跌倒小妙招" in found.content.decode()


def test_the_course_goes_to_review_as_one_and_is_published_with_its_lessons(
    people, course, tmp_path
):
    client = _client(people["teacher"])
    ids = [
        _add(client, course, make(tmp_path / f"第{n}课.mp4", seconds=2)).json()["id"]
        for n in (1, 2)
    ]
    submit = reverse("course_submit", args=[course.pk])
    response = client.post(submit, follow=True)
    assert "还在处理" in response.content.decode()  # not before the videos play
    assert not CoursePage.objects.get(pk=course.pk).workflow_in_progress
    # The course editor's own 提交审核 is no way round the check.
    edit = reverse("wagtailadmin_pages:edit", args=[course.pk])
    response = _post(client, None, INTRO, "action-submit", url=edit)
    assert response.status_code == 200 and "还在处理" in response.content.decode()
    assert not CoursePage.objects.get(pk=course.pk).workflow_in_progress

    for lesson in LessonPage.objects.filter(pk__in=ids):
        steps.transcode(lesson_media(lesson).pk)
    status = client.get(reverse("course_lessons_status", args=[course.pk])).json()
    assert status["problems"] == []
    assert {row["status"] for row in status["lessons"]} == {"ready"}
    # Each lesson's length comes from its probed media (2 s → 1 minute).
    assert all(
        LessonPage.objects.get(pk=pk).get_latest_revision_as_object().duration_minutes
        == 1
        for pk in ids
    )

    response = client.post(submit, follow=True)
    assert "已经提交审核" in response.content.decode()
    course.refresh_from_db()
    state = course.current_workflow_state
    assert state is not None and state.requested_by == people["teacher"]
    assert not any(LessonPage.objects.get(pk=pk).workflow_in_progress for pk in ids)
    assert "已经在审核中" in client.post(submit, follow=True).content.decode()
    late = _add(client, course, make(tmp_path / "第3课.mp4", seconds=1))
    assert late.status_code == 400 and "审核中" in late.json()["error"]
    # Nor does 添加子页面 slip a lesson in under the reviewer's eyes.
    add_child = f"/admin/pages/add/resources/lessonpage/{course.pk}/"
    response = client.get(add_child, follow=True)
    assert "审核中" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("course_lessons", args=[course.pk])

    # The reviewer sees every lesson, drafts included, in the course preview.
    editor = _client(people["district"])
    preview = editor.get(reverse("wagtailadmin_pages:view_draft", args=[course.pk]))
    html = preview.content.decode()
    assert "审核预览" in html and html.count("data-review-lesson>") == 2
    assert html.count("data-player") == 2

    task = course.current_workflow_task.specific
    task.on_action(
        course.current_workflow_task_state, people["district"], "approve",
        comment="拍得清楚，已发布。",
    )  # fmt: skip
    course.refresh_from_db()
    assert course.live
    lessons = LessonPage.objects.filter(pk__in=ids).order_by("path")
    assert all(lesson.live for lesson in lessons)
    from resources.models import Notification

    note = Notification.objects.get(user=people["teacher"])
    assert "已通过审核" in note.message and "拍得清楚，已发布。" in note.message


def test_the_dashboard_lists_her_courses_and_leads_to_the_rest(people, city):
    teacher = people["teacher"]
    for n in range(6):
        CoursePageFactory(
            parent=city.townships[0],
            live=False,
            title=f"第{n}门课",
            slug=f"c{n}",
            owner=teacher,
        )
    html = _client(teacher).get(reverse("wagtailadmin_home")).content.decode()
    assert "我的课程" in html and "data-new-course" in html
    assert html.count("门课</a> ·") == 5
    assert "还有 1 门，查看全部课程" in html
    assert (
        f"/admin/pages/{city.townships[0].pk}/?content_type=resources.coursepage"
        in html
    )
