"""Recording what learners watch and deciding when a lesson or course is done.

The player sends batches ("beacons") of the media-time ranges it played and
the wall-clock seconds the batch covers. Nothing in a beacon is trusted:
impossible values are dropped or clamped so a bad beacon never breaks the
record. The server's clock bounds the rest: the playing time credited to a
learner on a lesson never exceeds the real time since the server first heard
of them on it (the player says "started" on the first play), and the media
time credited never exceeds MAX_SPEED times that playing time, plus a couple
of seconds once. So one forged "[0, end]", a burst of small batches, parallel
or replayed ones, or a client clock set forward complete nothing sooner than
watching at the fastest speed would; batches held offline are credited in
full as long as they cover no more than the real time that passed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.pages import page_open_to

from . import certificates
from .credit_bank import award_course
from .models import CourseCompletion, CoursePage, LessonPage, LessonProgress

COMPLETE_SHARE = 0.9  # of the media, watched or listened to
MAX_SPEED = 2.0  # the player's fastest playback speed
BEACON_MAX_SECONDS = 120  # one batch covers at most two minutes of playing
# Timer jitter between the player's clock and its media clock, granted once
# per lesson (never per batch, or many small batches would add up).
SLACK_SECONDS = 2.0
MEDIA_BLOCKS = ("video", "audio")


class UnknownQuiz(Exception):
    """No self-check quiz with that id in the lesson."""


class NotReadable(Exception):
    """ "I have finished" is for text and document lessons, not media."""


VIEW_SALT = "resources.progress.view"
VIEW_MAX_AGE = 30 * 24 * 3600  # a lesson saved for later plays within a month


@dataclass
class Beacon:
    ranges: list[tuple[float, float]] = field(default_factory=list)
    position: float = 0.0
    elapsed: float = 0.0  # wall-clock seconds the batch covers
    view: str = ""  # the page's signed "first seen at", see view_token


def view_token(*, learner, lesson: LessonPage) -> str:
    """The server's word that it showed this lesson to this learner now.

    The lesson page carries it and the player sends it back with its
    batches, so playing that starts offline (the page loaded, then the
    signal went) is measured from the page view, without a write in GET.
    """
    return signing.dumps(
        {"u": learner.pk, "l": lesson.pk, "t": int(timezone.now().timestamp())},
        salt=VIEW_SALT,
        compress=True,
    )


def viewed_at(*, token, learner, lesson: LessonPage) -> datetime | None:
    """When the token says the page was shown, if it is genuine and theirs."""
    if not isinstance(token, str) or not token or len(token) > 300:
        return None
    try:
        data = signing.loads(token, salt=VIEW_SALT, max_age=VIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("u") != learner.pk:
        return None
    if data.get("l") != lesson.pk or not isinstance(data.get("t"), int):
        return None
    return min(datetime.fromtimestamp(data["t"], tz=UTC), timezone.now())


def lesson_duration(lesson: LessonPage) -> float:
    """Seconds of media: the transcoded file's length, else the editor's minutes."""
    for block in lesson.body:
        if block.block_type in MEDIA_BLOCKS:
            asset = block.value.get("asset")
            if asset is not None and asset.duration:
                return float(asset.duration)
    return float(lesson.duration_minutes * 60)


def is_media_lesson(lesson: LessonPage) -> bool:
    return any(block.block_type in MEDIA_BLOCKS for block in lesson.body)


def _finite(value, low: float, high: float) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return min(max(number, low), high)


def clean_ranges(ranges: Iterable, duration: float) -> list[list[float]]:
    """Well-formed ranges within [0, duration]; the rest dropped."""
    cleaned = []
    for item in list(ranges)[:200]:
        try:
            start, end = item
        except (TypeError, ValueError):
            continue
        start, end = _finite(start, 0, duration), _finite(end, 0, duration)
        if start is not None and end is not None and end > start:
            cleaned.append([start, end])
    return cleaned


def merge(ranges: Iterable[list[float]]) -> list[list[float]]:
    merged: list[list[float]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def covered(ranges: list[list[float]]) -> float:
    return sum(end - start for start, end in ranges)


def _cut(ranges: list[list[float]], allowance: float) -> list[list[float]]:
    """The ranges' first `allowance` seconds of media, in playing order."""
    kept = []
    for start, end in ranges:
        if allowance <= 0:
            break
        kept.append([start, min(end, start + allowance)])
        allowance -= kept[-1][1] - start
    return kept


def record(learner, lesson: LessonPage, beacon: Beacon) -> LessonProgress:
    """Add a beacon to the learner's progress on the lesson; complete it at 90 %."""
    duration = lesson_duration(lesson)
    with transaction.atomic():
        progress, _ = LessonProgress.objects.select_for_update().get_or_create(
            learner=learner, lesson=lesson, defaults={"duration": duration}
        )
        now = timezone.now()
        seen = viewed_at(token=beacon.view, learner=learner, lesson=lesson)
        if seen is not None and seen < progress.started_at:
            progress.started_at = seen
        elapsed = _finite(beacon.elapsed, 0, BEACON_MAX_SECONDS) or 0.0
        since_start = max(0.0, (now - progress.started_at).total_seconds())
        elapsed = min(elapsed, max(0.0, since_start - progress.claimed_seconds))
        progress.claimed_seconds += elapsed
        allowance = (
            MAX_SPEED * progress.claimed_seconds
            + SLACK_SECONDS
            - progress.watched_seconds
        )
        ranges = _cut(clean_ranges(beacon.ranges, duration), allowance)
        progress.duration = duration
        progress.watched = merge([*progress.watched, *ranges])
        progress.watched_seconds = covered(progress.watched)
        position = _finite(beacon.position, 0, duration)
        if position is not None:
            progress.position = position
        newly_done = (
            progress.completed_at is None
            and progress.watched_seconds >= COMPLETE_SHARE * duration
        )
        if newly_done:
            progress.completed_at = now
        progress.save()
    if newly_done:
        complete_course_if_done(learner, lesson)
    return progress


def mark_finished(learner, lesson: LessonPage) -> LessonProgress:
    """ "I have finished" on a text or document lesson."""
    if is_media_lesson(lesson):
        raise NotReadable
    with transaction.atomic():
        progress, _ = LessonProgress.objects.select_for_update().get_or_create(
            learner=learner, lesson=lesson
        )
        if progress.completed_at is None:
            progress.completed_at = timezone.now()
            progress.save()
    complete_course_if_done(learner, lesson)
    return progress


def quiz_blocks(lesson: LessonPage) -> dict[str, dict]:
    return {
        block.id: block.value for block in lesson.body if block.block_type == "quiz"
    }


def answer_quiz(learner, lesson: LessonPage, block_id: str, chosen: list[int]) -> bool:
    """Check an answer to one of the lesson's quizzes; passing them all
    completes the lesson (the other way to finish it besides watching)."""
    quiz = quiz_blocks(lesson).get(block_id)
    if quiz is None:
        raise UnknownQuiz
    right = {i for i, choice in enumerate(quiz["choices"]) if choice["correct"]}
    correct = set(chosen) == right
    if not correct:
        return False
    with transaction.atomic():
        progress, _ = LessonProgress.objects.select_for_update().get_or_create(
            learner=learner,
            lesson=lesson,
            defaults={"duration": lesson_duration(lesson)},
        )
        if block_id not in progress.quiz_passed:
            progress.quiz_passed = [*progress.quiz_passed, block_id]
        newly_done = progress.completed_at is None and set(progress.quiz_passed) >= set(
            quiz_blocks(lesson)
        )
        if newly_done:
            progress.completed_at = timezone.now()
        progress.save()
    if newly_done:
        complete_course_if_done(learner, lesson)
    return True


def required_lessons(course: CoursePage, *, learner=None):
    """The lessons a course asks for: live and not optional, and, for one
    learner, only those that learner may open; a lesson kept for one group
    cannot make the course impossible for everyone else."""
    lessons = LessonPage.objects.live().child_of(course).filter(optional=False)
    if learner is None:
        return lessons
    closed = [
        lesson.pk
        for lesson in lessons.filter(pk__in=_restricted_pks(course))
        if not page_open_to(lesson, learner)
    ]
    return lessons.exclude(pk__in=closed)


def _restricted_pks(course: CoursePage) -> list[int]:
    """Lessons with a view restriction of their own (the course's own ones
    the learner already passed to open the course)."""
    return list(
        PageViewRestriction.objects.filter(page__path__startswith=course.path)
        .exclude(page=course)
        .values_list("page_id", flat=True)
    )


def complete_course_if_done(learner, lesson: LessonPage) -> CourseCompletion | None:
    """Record the course's completion, award its credits and issue its
    certificate, each once."""
    course = lesson.get_parent().specific
    if not isinstance(course, CoursePage):
        return None
    required = required_lessons(course, learner=learner).values_list("pk", flat=True)
    done = LessonProgress.objects.filter(
        learner=learner, lesson__in=required, completed_at__isnull=False
    ).count()
    if not required or done < len(required):
        return None
    completion, _ = CourseCompletion.objects.get_or_create(
        learner=learner, course=course
    )
    award_course(learner, course)
    certificates.issue(completion)
    return completion
