"""Learning time on "my learning": media played plus finished reading."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from resources import progress, records
from resources.models import LessonProgress
from resources.templatetags.lesson_tags import learning_time
from tests.factories.institutions import CoursePageFactory, LessonPageFactory


@pytest.mark.django_db
def test_learning_seconds_count_played_media_and_finished_reading(city):
    learner = get_user_model().objects.create_user("learner", password="x")
    course = CoursePageFactory(parent=city.townships[0])
    watched = LessonPageFactory(parent=course, duration_minutes=10)
    read = LessonPageFactory(parent=course, duration_minutes=8)
    LessonProgress.objects.create(
        learner=learner, lesson=watched, watched=[[0, 90]], watched_seconds=90,
        duration=600,
    )  # fmt: skip
    progress.mark_finished(learner, read)
    assert records.learning_seconds(learner) == 90 + 8 * 60
    summary = records.summary(learner)
    assert [row.lesson_id for row in summary.in_progress] == [watched.pk]
    assert [row.lesson_id for row in summary.completed] == [read.pk]
    assert summary.seconds_this_month == 570


@pytest.mark.parametrize(
    ("seconds", "chinese", "english"),
    [
        (0, "不到 1 分钟", "under a minute"),
        (59, "不到 1 分钟", "under a minute"),
        (25 * 60, "25 分钟", "25 minutes"),
        (3600, "1 小时", "1 hour"),
        (3 * 3600, "3 小时", "3 hours"),
        (3.5 * 3600, "3.5 小时", "3.5 hours"),
    ],
)
def test_learning_time_reads_naturally(seconds, chinese, english):
    assert learning_time(seconds) == chinese
    with translation.override("en"):
        assert learning_time(seconds) == english


@pytest.mark.django_db
def test_the_record_lists_lessons_courses_and_credits_as_page_json_and_pdf(
    client, city
):
    import pypdfium2

    from resources.models import CoursePage

    learner = get_user_model().objects.create_user(
        "learner", password="x", first_name="李师傅"
    )
    course = CoursePageFactory(parent=city.townships[0], title="电动车安全", hours=2)
    lesson = LessonPageFactory(parent=course, title="充电不进楼", duration_minutes=6)
    progress.mark_finished(learner, lesson)
    course = CoursePage.objects.get(pk=course.pk)

    lines = records.timeline(learner)
    assert {(line.kind, line.title) for line in lines} == {
        ("lesson", "充电不进楼"), ("course", "电动车安全"),
        ("credit", "完成课程：电动车安全"),
    }  # fmt: skip
    data = records.as_json(learner)
    assert data["totals"] == {"learning_hours": 0.1, "credits": str(course.credits),
                              "accounts": {"community": str(course.credits)},
                              "courses_completed": 1}  # fmt: skip
    assert data["learner"] == {"name": "李师傅"}

    assert client.get("/me/record/").status_code == 302
    client.force_login(learner)
    assert "充电不进楼" in client.get("/me/record/").content.decode()
    exported = client.get("/me/record.json").json()
    assert [entry["title"] for entry in exported["entries"]] == [
        line.title for line in lines
    ]
    pdf = client.get("/me/record.pdf")
    text = pypdfium2.PdfDocument(pdf.content)[0].get_textpage().get_text_range()
    assert "终身学习档案" in text and "电动车安全" in text and "李师傅" in text

    stranger = get_user_model().objects.create_user("stranger", password="x")
    client.force_login(stranger)
    assert "充电不进楼" not in client.get("/me/record/").content.decode()
    assert client.get("/me/record.json").json()["entries"] == []
