import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from media_pipeline.models import validate_media_file
from resources.blocks import QuizBlock
from resources.models import CoursePage
from resources.selectors import lesson_neighbours, syllabus_for_course
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(city):
    course = CoursePageFactory(parent=city.townships[0], title="智能手机入门")
    for title, unit in (
        ("认识微信", "第一单元"),
        ("发语音", "第一单元"),
        ("视频通话", "第二单元"),
    ):
        LessonPageFactory(parent=course, title=title, unit=unit)
    return course


def test_syllabus_groups_lessons_by_unit(course):
    units = syllabus_for_course(course=course)
    assert [u.title for u in units] == ["第一单元", "第二单元"]
    assert [lesson.title for lesson in units[0].lessons] == ["认识微信", "发语音"]
    assert units[0].minutes == 16


def test_lesson_knows_its_neighbours(course):
    first, middle, last = course.get_children().specific()
    found = lesson_neighbours(lesson=middle)
    assert [page.pk for page in found] == [course.pk, first.pk, last.pk]
    assert lesson_neighbours(lesson=first)[1] is None
    assert lesson_neighbours(lesson=last)[2] is None


def test_course_and_lesson_pages_render_syllabus_and_navigation(client, course):
    page = client.get(course.url).content.decode()
    assert "课程目录" in page and "视频通话" in page
    lesson = course.get_children().specific()[1]
    html = client.get(lesson.url).content.decode()
    assert "上一课" in html and "下一课" in html and "返回课程目录" in html


def test_unpublished_lessons_stay_out_of_the_syllabus(course):
    lesson = course.get_children().first()
    lesson.unpublish()
    titles = [x.title for u in syllabus_for_course(course=course) for x in u.lessons]
    assert "认识微信" not in titles


def test_a_course_without_lessons_is_not_a_dead_end(city, client, course):
    import datetime

    empty = CoursePageFactory(
        parent=city.townships[0],
        title="智能手机进阶",
        topic=course.topic,
        hours=8,
        lessons_expected=datetime.date(2027, 3, 1),
    )
    html = client.get(empty.url).content.decode()
    assert "即将上线" in html and "预计 2027年3月1日 上线第一节微课" in html
    assert "学时" not in html  # no hours promised before there is anything
    assert "现在就能学的相似课程" in html and "智能手机入门" in html
    assert "居民评价" not in html  # nothing to rate yet
    html = client.get(course.url).content.decode()
    assert "即将上线" not in html and "学时" in html and "居民评价" in html


def test_lessons_stand_alone_under_an_institution(city, client):
    lesson = LessonPageFactory(parent=city.villages[0], title="独立微课")
    assert client.get(lesson.url).status_code == 200
    assert lesson_neighbours(lesson=lesson) == (None, None, None)


def _quiz(choices, multiple=False):
    items = [{"text": t, "correct": c} for t, c in choices]
    return QuizBlock().to_python(
        {"question": "题目", "multiple": multiple, "explanation": "", "choices": items}
    )


def test_quiz_needs_a_correct_answer():
    with pytest.raises(ValidationError):
        QuizBlock().clean(_quiz([("甲", False), ("乙", False)]))


def test_quiz_with_two_answers_must_be_multiple_choice():
    with pytest.raises(ValidationError):
        QuizBlock().clean(_quiz([("甲", True), ("乙", True)]))
    QuizBlock().clean(_quiz([("甲", True), ("乙", True)], multiple=True))


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("lesson.exe", 10, "不支持这种文件格式"),
        ("lesson.mp4", 2 * 1024**3 + 1, "文件太大了"),
    ],
)
def test_media_uploads_are_checked_before_storage(name, size, message):
    upload = SimpleUploadedFile(name, b"x")
    upload.size = size
    with pytest.raises(ValidationError, match=message):
        validate_media_file(upload)


def test_only_editors_may_feature_a_course(city):
    from django.contrib.auth import get_user_model

    from institutions.services import institution_group_sync

    form_class = CoursePage.get_edit_handler().get_form_class()
    teacher = get_user_model().objects.create_user("teacher")
    teacher.groups.add(institution_group_sync(page=city.townships[0]))
    editor = get_user_model().objects.create_user("editor")
    editor.groups.add(institution_group_sync(page=city.districts[0]))
    assert form_class(for_user=teacher).fields["featured"].disabled
    assert not form_class(for_user=editor).fields["featured"].disabled


def test_new_course_starts_from_the_outline():
    assert "学完能做什么" in CoursePage().body


def test_scheduled_publishing_runs_from_the_beat_task(city, settings):
    from datetime import timedelta

    from django.utils import timezone

    from core.tasks import publish_scheduled_task

    assert "cms.publish_scheduled_task" in [
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    ]
    lesson = LessonPageFactory(parent=city.villages[0], title="定时发布的微课")
    lesson.unpublish()
    lesson.go_live_at = timezone.now() + timedelta(minutes=5)
    revision = lesson.save_revision()
    revision.publish()
    lesson.refresh_from_db()
    assert not lesson.live
    # Time passes: the approved go-live moment is now behind us.
    past = timezone.now() - timedelta(seconds=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    publish_scheduled_task()
    lesson.refresh_from_db()
    assert lesson.live


def test_district_editor_copies_a_course_to_another_township(city, client):
    from django.contrib.auth import get_user_model

    from institutions.services import institution_groups_sync_all

    institution_groups_sync_all()
    course = CoursePageFactory(parent=city.townships[0], title="共享课程")
    LessonPageFactory(parent=course, title="共享的第一课")
    editor = get_user_model().objects.create_user("district-editor")
    editor.groups.add(city.districts[0].editor_group_link.group)
    client.force_login(editor)
    target = city.townships[1]
    response = client.post(
        f"/admin/pages/{course.pk}/copy/",
        {
            "new_title": "共享课程",
            "new_slug": "shared-course",
            "new_parent_page": target.pk,
            "copy_subpages": "on",
            "publish_copies": "on",
            "alias": "",
        },
    )
    assert response.status_code == 302
    copy = CoursePage.objects.child_of(target).get(slug="shared-course")
    assert copy.get_children().filter(title="共享的第一课").exists()
    outsider_target = city.townships[2]
    response = client.post(
        f"/admin/pages/{course.pk}/copy/",
        {"new_title": "x", "new_slug": "x-copy", "new_parent_page": outsider_target.pk},
    )
    assert not CoursePage.objects.child_of(outsider_target).exists()
