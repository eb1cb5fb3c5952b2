"""Progress beacons and the completion rules (PostgreSQL)."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageViewRestriction

from resources import credit_bank, progress
from resources.models import CourseCompletion, CreditEntry, LessonProgress
from tests.factories.institutions import CoursePageFactory, LessonPageFactory
from tests.race import race

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(db):
    return get_user_model().objects.create_user("learner", password="x")


@pytest.fixture
def course(city):
    course = CoursePageFactory(
        parent=city.townships[0], title="智能手机入门", credits=Decimal("1.5")
    )
    for title in ("认识微信", "发语音"):
        LessonPageFactory(parent=course, title=title, duration_minutes=8)
    LessonPageFactory(parent=course, title="拓展：表情包", optional=True)
    return course


def _lessons(course):
    return list(progress.required_lessons(course).order_by("path"))


def _started_ago(learner, lesson, seconds: float) -> None:
    LessonProgress.objects.filter(learner=learner, lesson=lesson).update(
        started_at=timezone.now() - timedelta(seconds=seconds)
    )


def _watch_all(learner, lesson) -> LessonProgress:
    """Play the 480 s lesson at normal speed, a two-minute batch at a time."""
    progress.record(learner, lesson, progress.Beacon(position=0))
    _started_ago(learner, lesson, 600)
    for start in range(0, 480, 120):
        result = progress.record(
            learner,
            lesson,
            progress.Beacon(ranges=[(start, start + 120)], position=start + 120,
                            elapsed=120),
        )  # fmt: skip
    return result


def test_ranges_are_cleaned_and_merged():
    dirty = [(-5, 10), (8, 20), (30, 25), ("x", 3), (float("nan"), 4), (50, 9e9), 7]
    cleaned = progress.clean_ranges(dirty, 60)
    assert cleaned == [[0, 10], [8, 20], [50, 60]]
    assert progress.merge(cleaned) == [[0, 20], [50, 60]]
    assert progress.covered(progress.merge(cleaned)) == 30


def test_a_lesson_completes_at_ninety_percent_and_resent_batches_count_once(
    learner, course
):
    lesson = _lessons(course)[0]
    progress.record(learner, lesson, progress.Beacon(position=0))
    _started_ago(learner, lesson, 600)
    beacon = progress.Beacon(ranges=[(0, 120)], position=120, elapsed=120)
    progress.record(learner, lesson, beacon)
    again = progress.record(learner, lesson, beacon)  # resent after a drop
    assert again.watched_seconds == 120 and again.position == 120
    for start in (120, 240):
        done = progress.record(
            learner, lesson,
            progress.Beacon(ranges=[(start, start + 120)], elapsed=120, position=0),
        )  # fmt: skip
    assert done.watched_seconds == 360 and done.completed_at is None
    done = progress.record(
        learner, lesson, progress.Beacon(ranges=[(360, 440)], elapsed=80)
    )
    assert done.share >= 0.9 and done.completed_at is not None


@pytest.mark.parametrize(
    "beacon",
    [
        progress.Beacon(ranges=[(0, 480)], elapsed=1),
        progress.Beacon(ranges=[(0, 480)], elapsed=10_000),
        progress.Beacon(ranges=[(0, 480)], elapsed=-5),
        progress.Beacon(ranges=[(0, 480)], elapsed=math.inf),
        progress.Beacon(ranges="0-480", elapsed=60, position="end"),
    ],
    ids=["instant", "huge-elapsed", "negative", "infinite", "garbage"],
)
def test_forged_or_impossible_beacons_never_complete_a_lesson(learner, course, beacon):
    lesson = _lessons(course)[0]
    record = progress.record(learner, lesson, beacon)
    assert record.completed_at is None
    assert record.watched_seconds <= progress.SLACK_SECONDS + progress.MAX_SPEED * 1
    assert 0 <= record.position <= record.duration


def _real_bound(record) -> float:
    """The most media a learner could have played since the server first
    heard of them on the lesson, at the fastest speed."""
    since = (timezone.now() - record.started_at).total_seconds()
    return progress.MAX_SPEED * since + progress.SLACK_SECONDS


def _minute_lesson(course):
    return LessonPageFactory(parent=course, title="一分钟", duration_minutes=1)


def test_one_forged_request_completes_nothing(learner, course):
    """On 2026-12-01 a new resident's one request claiming [0, 90] completed a
    90-second lesson 0.06 s after the first page view, credits and all."""
    lesson = _minute_lesson(course)
    claim = progress.Beacon(ranges=[(0, 60)], position=60, elapsed=60)
    record = progress.record(learner, lesson, claim)
    assert record.completed_at is None and record.watched_seconds <= 4


def test_many_small_requests_add_up_to_no_more_than_real_time(learner, course):
    """On 2026-12-01 150 requests in 9 s completed a 5-minute lesson."""
    lesson = LessonPageFactory(parent=course, title="五分钟", duration_minutes=5)
    progress.record(learner, lesson, progress.Beacon())
    _started_ago(learner, lesson, 9)
    for n in range(150):
        record = progress.record(
            learner, lesson,
            progress.Beacon(ranges=[(2 * n, 2 * n + 2)], position=2 * n, elapsed=2),
        )  # fmt: skip
    assert record.completed_at is None
    assert record.watched_seconds <= _real_bound(record) < 30


def test_replays_and_clock_games_gain_nothing(learner, course):
    lesson = _minute_lesson(course)
    progress.record(learner, lesson, progress.Beacon())
    _started_ago(learner, lesson, 10)
    beacon = progress.Beacon(ranges=[(0, 20)], position=20, elapsed=10)
    for _ in range(20):
        progress.record(learner, lesson, beacon)  # the same batch, replayed
    future = progress.Beacon(ranges=[(20, 60)], elapsed=1e12)  # "my clock says"
    record = progress.record(learner, lesson, future)
    assert record.completed_at is None
    assert record.watched_seconds <= _real_bound(record) < 30


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_share_one_allowance(learner, course):
    """Requests racing each other are serialised on the progress row."""
    lesson = _minute_lesson(course)
    progress.record(learner, lesson, progress.Beacon())
    _started_ago(learner, lesson, 5)
    batch = progress.Beacon(ranges=[(0, 60)], elapsed=6)
    race(lambda: progress.record(learner, lesson, batch))
    record = LessonProgress.objects.get(learner=learner, lesson=lesson)
    assert record.completed_at is None
    assert record.watched_seconds <= _real_bound(record) < 30


def test_a_learner_watching_normally_completes_and_offline_batches_count(
    learner, course
):
    """Started, then 70 s later four batches held offline arrive at once: they
    cover real time that passed, so they are credited in full."""
    lesson = _minute_lesson(course)
    progress.record(learner, lesson, progress.Beacon())
    _started_ago(learner, lesson, 70)
    for start in range(0, 60, 15):
        record = progress.record(
            learner, lesson,
            progress.Beacon(ranges=[(start, start + 15)], position=start + 15,
                            elapsed=15),
        )  # fmt: skip
    assert record.watched_seconds == 60 and record.completed_at is not None


def test_finishing_the_required_lessons_completes_the_course_and_awards_once(
    learner, course
):
    first, second = _lessons(course)
    _watch_all(learner, first)
    assert not CourseCompletion.objects.filter(learner=learner).exists()
    _watch_all(learner, second)  # the optional lesson is not needed
    assert CourseCompletion.objects.filter(learner=learner, course=course).count() == 1
    assert credit_bank.balance(learner) == Decimal("1.5")
    _watch_all(learner, second)
    progress.complete_course_if_done(learner, second)
    assert CreditEntry.objects.filter(learner=learner).count() == 1


def test_a_lesson_kept_for_one_group_is_not_asked_of_everyone_else(learner, course):
    first, second = _lessons(course)
    volunteers = Group.objects.create(name="志愿者队")
    closed = PageViewRestriction.objects.create(
        page=second, restriction_type=PageViewRestriction.GROUPS
    )
    closed.groups.add(volunteers)
    member = get_user_model().objects.create_user("volunteer", password="x")
    member.groups.add(volunteers)

    _watch_all(learner, first)  # the one lesson this learner may open
    assert CourseCompletion.objects.filter(learner=learner, course=course).exists()
    _watch_all(member, first)  # the group's member is asked for both
    assert not CourseCompletion.objects.filter(learner=member).exists()
    _watch_all(member, second)
    assert CourseCompletion.objects.filter(learner=member, course=course).exists()


def test_i_have_finished_is_only_for_lessons_without_media(learner, course):
    reading = _lessons(course)[0]
    assert progress.mark_finished(learner, reading).completed_at is not None
    video = LessonPageFactory(
        parent=course, body=[("video", {"asset": None})], title="看视频"
    )
    with pytest.raises(progress.NotReadable):
        progress.mark_finished(learner, video)


def test_passing_every_self_check_quiz_completes_the_lesson(learner, course, client):
    choices = [{"text": "马上转", "correct": False},
               {"text": "挂断，问家人", "correct": True}]  # fmt: skip
    quiz = {"question": "陌生来电让转账，怎么办？", "multiple": False,
            "explanation": "", "choices": choices}  # fmt: skip
    again = {**quiz, "question": "再问一遍"}
    lesson = LessonPageFactory(
        parent=course, title="防诈骗小测", body=[("quiz", quiz), ("quiz", again)]
    )
    first, second = progress.quiz_blocks(lesson)
    assert progress.answer_quiz(learner, lesson, first, [0]) is False
    assert progress.answer_quiz(learner, lesson, first, [1]) is True
    record = LessonProgress.objects.get(learner=learner, lesson=lesson)
    assert record.quiz_passed == [first] and record.completed_at is None
    with pytest.raises(progress.UnknownQuiz):
        progress.answer_quiz(learner, lesson, "no-such-block", [1])

    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert "这道题您已答对" in page and f'id="quiz-{second}"' in page
    response = client.post(f"/lessons/{lesson.pk}/quiz/{second}/", {"choice": ["1"]})
    assert response.status_code == 302 and response.url.endswith(f"#quiz-{second}")
    record.refresh_from_db()
    assert record.completed_at is not None
    bad = client.post(f"/lessons/{lesson.pk}/quiz/{second}/", {"choice": ["x"]})
    assert bad.status_code == 302
    assert (
        client.post(f"/lessons/{lesson.pk}/quiz/nope/", {"choice": "1"}).status_code
        == 404
    )


def test_the_page_view_token_starts_the_clock_only_for_its_learner(learner, course):
    """Playing that began offline is measured from the signed page view; a
    token that is someone else's, another lesson's or made up moves nothing."""
    lesson = _minute_lesson(course)
    other = get_user_model().objects.create_user("other", password="x")
    hour_ago = timezone.now() - timedelta(hours=1)
    with freeze_view_time(hour_ago):
        mine = progress.view_token(learner=learner, lesson=lesson)
        theirs = progress.view_token(learner=other, lesson=lesson)
    for token in (theirs, mine[:-3] + "abc", "x" * 400, 12, ""):
        assert progress.viewed_at(token=token, learner=learner, lesson=lesson) is None
    batch = progress.Beacon(ranges=[(0, 60)], position=60, elapsed=60, view=theirs)
    assert progress.record(learner, lesson, batch).completed_at is None
    batch.view = mine
    assert progress.record(learner, lesson, batch).completed_at is not None


def freeze_view_time(moment):
    from unittest import mock

    return mock.patch("resources.progress.timezone.now", return_value=moment)
