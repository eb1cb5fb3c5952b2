"""Ratings, comments and their moderation, reports, the course survey, and
ratings as a ranking signal of the supermarket."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import IntegrityError
from django.utils import timezone

from community import feedback
from community.models import Comment, CourseSurvey, Rating
from community.selectors import rating_scores, visible_comments
from institutions.services import institution_group_sync
from resources.models import CourseCompletion, LearnerProfile
from search import documents
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def lesson(city):
    course = CoursePageFactory(parent=city.townships[0], title="智能手机入门")
    return LessonPageFactory(parent=course, title="学会视频通话")


def _residents(*names):
    return [get_user_model().objects.create_user(n, password="x", first_name=n)
            for n in names]  # fmt: skip


def test_one_rating_per_resident_and_rating_again_replaces_it(lesson):
    (a,) = _residents("a")
    feedback.rate(a, lesson, 2)
    feedback.rate(a, lesson, 5)
    assert Rating.objects.get().stars == 5
    with pytest.raises(IntegrityError):
        Rating.objects.create(page=lesson, learner=a, stars=3)


@pytest.mark.parametrize("stars", [0, 6, -1])
def test_stars_outside_one_to_five_are_refused(lesson, stars):
    (a,) = _residents("a")
    with pytest.raises(feedback.FeedbackError):
        feedback.rate(a, lesson, stars)
    assert not Rating.objects.exists()


def test_only_live_lessons_and_courses_take_feedback(city, lesson):
    (a,) = _residents("a")
    with pytest.raises(feedback.FeedbackError):
        feedback.rate(a, city.townships[0], 5)
    lesson.unpublish()
    with pytest.raises(feedback.FeedbackError):
        feedback.comment(a, lesson, "好")


def test_ratings_feed_the_search_ranking_signal(lesson):
    other = LessonPageFactory(parent=lesson.get_parent(), title="没人评过")
    a, b, c = _residents("a", "b", "c")
    for person, stars in ((a, 5), (b, 5), (c, 4)):
        feedback.rate(person, lesson, stars)
    scores = rating_scores([lesson.pk, other.pk])
    # Bayesian average: (14 + 3.5 × 3) / (3 + 3)
    assert scores == {lesson.pk: round(24.5 / 6, 3), other.pk: 0.0}
    assert documents.build(lesson.specific)["rating"] == round(24.5 / 6, 3)
    assert documents.build(other.specific)["rating"] == 0.0


def test_comments_are_plain_text_and_hidden_until_approved(client, lesson):
    a, b = _residents("王阿姨", "李师傅")
    body = "<script>alert(1)</script>很<b>实用</b>\x00\u202e！\n\n\n\n谢谢老师"
    posted = feedback.comment(a, lesson, body)
    assert posted.body == "alert(1)很实用！\n\n谢谢老师"
    assert posted.status == Comment.Status.PENDING
    assert visible_comments(lesson, b) == []
    assert visible_comments(lesson, a) == [posted]  # the author sees it waiting
    assert "很实用" not in client.get(lesson.url).content.decode()

    feedback.moderate(posted, staff=b, approve=True)
    page = client.get(lesson.url).content.decode()
    assert "很实用" in page and "<script>alert" not in page


@pytest.mark.parametrize("body", ["", "   \n  ", "<p></p>", "字" * 501])
def test_empty_or_overlong_comments_are_refused(lesson, body):
    (a,) = _residents("a")
    with pytest.raises(feedback.FeedbackError):
        feedback.comment(a, lesson, body)
    assert not Comment.objects.exists()


def test_comments_are_rate_limited_per_resident(lesson):
    a, b = _residents("a", "b")
    for n in range(feedback.COMMENT_LIMIT):
        feedback.comment(a, lesson, f"第{n}条")
    with pytest.raises(feedback.FeedbackError, match="太频繁"):
        feedback.comment(a, lesson, "再来一条")
    feedback.comment(b, lesson, "别人不受影响")
    assert Comment.objects.count() == feedback.COMMENT_LIMIT + 1


def test_the_same_comment_twice_is_refused(lesson):
    (a,) = _residents("a")
    feedback.comment(a, lesson, "讲得清楚")
    with pytest.raises(feedback.FeedbackError, match="提交过"):
        feedback.comment(a, lesson, "讲得清楚")


def _established(*people):
    for n, person in enumerate(people):
        LearnerProfile.objects.update_or_create(
            user=person,
            defaults={"phone": f"1391234{n:04d}", "consented_at": timezone.now()},
        )
    return people


def test_enough_reports_send_a_comment_back_for_review(lesson):
    author, *reporters = _residents("author", "r1", "r2", "r3")
    _established(*reporters)
    posted = feedback.comment(author, lesson, "广告：加微信")
    feedback.moderate(posted, staff=reporters[0], approve=True)
    feedback.report(posted, author)  # one's own comment: ignored
    feedback.report(posted, reporters[0])
    feedback.report(posted, reporters[0])  # twice by one resident: once
    feedback.report(posted, reporters[1])
    posted.refresh_from_db()
    assert posted.status == Comment.Status.APPROVED
    feedback.report(posted, reporters[2])
    posted.refresh_from_db()
    assert posted.status == Comment.Status.PENDING
    assert visible_comments(lesson, reporters[0]) == []


def test_throwaway_accounts_cannot_take_a_comment_down(lesson):
    author, *fresh = _residents("author", "t1", "t2", "t3", "t4")
    posted = feedback.comment(author, lesson, "老师讲得真好")
    feedback.moderate(posted, staff=author, approve=True)
    for account in fresh:
        feedback.report(posted, account, "广告")
    posted.refresh_from_db()
    assert posted.status == Comment.Status.APPROVED
    assert posted.reports.count() == 4  # kept for the editor to read


def test_an_approval_answers_the_reports_before_it(lesson):
    author, *reporters = _residents("author", "r1", "r2", "r3", "r4")
    _established(*reporters)
    posted = feedback.comment(author, lesson, "老师讲得真好")
    feedback.moderate(posted, staff=author, approve=True)
    for person in reporters[:3]:
        feedback.report(posted, person)
    posted.refresh_from_db()
    assert posted.status == Comment.Status.PENDING
    feedback.moderate(posted, staff=author, approve=True)  # the editor disagrees
    for person in reporters[:3]:
        feedback.report(posted, person)  # again: each report counts once
    feedback.report(posted, reporters[3])
    posted.refresh_from_db()
    assert posted.status == Comment.Status.APPROVED


def test_moderation_queue_is_scoped_to_the_editors_institutions(client, city, lesson):
    (author,) = _residents("author")
    posted = feedback.comment(author, lesson, "老师辛苦了")
    across = get_user_model().objects.create_user("across", password="x")
    across.groups.add(institution_group_sync(page=city.districts[1]))
    client.force_login(across)
    assert "老师辛苦了" not in client.get("/admin/comments/").content.decode()
    assert client.post("/admin/comments/", {"comment": posted.pk,
                       "decision": "approve"}).status_code == 404  # fmt: skip
    editor = get_user_model().objects.create_user("editor", password="x")
    editor.groups.add(institution_group_sync(page=city.districts[0]))
    client.force_login(editor)
    assert "老师辛苦了" in client.get("/admin/comments/").content.decode()
    client.post("/admin/comments/", {"comment": posted.pk, "decision": "approve"})
    posted.refresh_from_db()
    assert posted.status == Comment.Status.APPROVED and posted.moderated_by == editor


def test_rating_and_comment_views(client, lesson):
    assert client.post(f"/feedback/{lesson.pk}/rate/", {"stars": 4}).status_code == 302
    assert not Rating.objects.exists()  # signed out: sent to sign in
    (a,) = _residents("a")
    client.force_login(a)
    client.post(f"/feedback/{lesson.pk}/rate/", {"stars": "abc"})
    client.post(f"/feedback/{lesson.pk}/rate/", {"stars": 4})
    page = client.get(lesson.url).content.decode()
    assert "你给了 4 颗星" in page and "平均 <strong>4.0</strong> 颗星" in page
    response = client.post(f"/feedback/{lesson.pk}/comment/", {"body": ""}, follow=True)
    assert "内容是空的" in response.content.decode()
    assert client.post("/feedback/999999/rate/", {"stars": 4}).status_code == 404


def test_survey_is_offered_after_completion_and_taken_once(client, lesson):
    course = lesson.get_parent().specific
    (a,) = _residents("a")
    client.force_login(a)
    assert "满意度调查" not in client.get(course.url).content.decode()
    with pytest.raises(feedback.FeedbackError):
        feedback.answer_survey(a, course, satisfaction=5, usefulness=5, recommend=True)
    CourseCompletion.objects.create(learner=a, course=course)
    assert "满意度调查" in client.get(course.url).content.decode()
    response = client.post(f"/courses/{course.pk}/survey/", {
        "satisfaction": "5", "usefulness": "4", "recommend": "1",
        "suggestion": "<i>多开几期</i>"})  # fmt: skip
    assert response.status_code == 302
    survey = CourseSurvey.objects.get()
    assert (survey.satisfaction, survey.usefulness, survey.recommend) == (5, 4, True)
    assert survey.suggestion == "多开几期"
    assert "满意度调查" not in client.get(course.url).content.decode()
    with pytest.raises(feedback.FeedbackError, match="填过"):
        feedback.answer_survey(a, course, satisfaction=1, usefulness=1, recommend=False)
    bad = client.post(f"/courses/{course.pk}/survey/", {"satisfaction": "9"})
    assert bad.status_code == 200 and CourseSurvey.objects.count() == 1
