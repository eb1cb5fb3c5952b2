"""Reads of courses and topics for public pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from wagtail.models import Page

from institutions.selectors import institution_scope

from .models import (
    ContributorRole,
    CourseContributor,
    CoursePage,
    LearnerProfile,
    LessonPage,
    LessonProgress,
    Topic,
)


def _with_lead_name(courses: QuerySet[CoursePage]) -> QuerySet[CoursePage]:
    """`lead_name`, the first lead teacher's name, for course cards, read in
    the same query as the courses."""
    lead = CourseContributor.objects.filter(
        page=OuterRef("pk"), role=ContributorRole.LEAD
    ).order_by("sort_order")
    return courses.annotate(lead_name=Subquery(lead.values("name")[:1]))


def course_list(
    *, within: Page, topic: Topic | None = None, limit: int | None = None
) -> QuerySet[CoursePage] | list[CoursePage]:
    """Published, public courses under an institution, newest first."""
    courses = _with_lead_name(
        CoursePage.objects.live()
        .public()
        .descendant_of(within)
        .select_related("topic")
        .order_by("-first_published_at", "-pk")
    )
    if topic is not None:
        courses = courses.filter(topic=topic)
    return list(courses[:limit]) if limit else courses


def topic_list_with_counts(*, within: Page) -> QuerySet[Topic]:
    live_here = CoursePage.objects.live().public().descendant_of(within).values("pk")
    return Topic.objects.annotate(
        course_count=Count("courses", filter=Q(courses__in=live_here))
    ).order_by("sort_order", "name")


def topic_get(*, slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


@dataclass
class SyllabusUnit:
    title: str
    lessons: list[LessonPage] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(lesson.duration_minutes for lesson in self.lessons)


def lesson_list_for_course(*, course: CoursePage) -> list[LessonPage]:
    return list(LessonPage.objects.live().public().child_of(course).order_by("path"))


def course_similar_learnable(*, course: CoursePage, limit: int = 4) -> list[CoursePage]:
    """Other courses of the same content area that have a lesson out, the
    featured and nearest (same district subtree first by path) first."""
    has_lesson = Exists(
        LessonPage.objects.live()
        .public()
        .filter(path__startswith=OuterRef("path"), depth=OuterRef("depth") + 1)
    )
    candidates = (
        CoursePage.objects.live()
        .public()
        .filter(topic_id=course.topic_id)
        .exclude(pk=course.pk)
        .filter(has_lesson)
        .order_by("-featured", "path")
    )
    district = course.path[: Page.steplen * 3]
    ranked = sorted(candidates[:50], key=lambda c: not c.path.startswith(district))
    return ranked[:limit]


def syllabus_for_course(*, course: CoursePage) -> list[SyllabusUnit]:
    """Lessons in tree order, consecutive lessons of one unit grouped together."""
    units: list[SyllabusUnit] = []
    for lesson in lesson_list_for_course(course=course):
        if not units or units[-1].title != lesson.unit:
            units.append(SyllabusUnit(lesson.unit))
        units[-1].lessons.append(lesson)
    return units


def lesson_neighbours(
    *, lesson: LessonPage
) -> tuple[CoursePage | None, LessonPage | None, LessonPage | None]:
    """The lesson's course (if any, a plain page: its title and address are
    all a lesson shows of it) and the lessons before and after it."""
    parent = lesson.get_parent()
    if parent is None or not issubclass(parent.specific_class or Page, CoursePage):
        return None, None, None
    lessons = lesson_list_for_course(course=parent)
    ids = [item.pk for item in lessons]
    if lesson.pk not in ids:
        return parent, None, None
    at = ids.index(lesson.pk)
    previous = lessons[at - 1] if at > 0 else None
    following = lessons[at + 1] if at + 1 < len(lessons) else None
    return parent, previous, following


def course_request_list_for_editor(*, user) -> QuerySet:
    """Requests addressed to the institutions (and their subtrees) an editor serves."""

    from .models import CourseRequest

    requests = CourseRequest.objects.select_related("institution", "answered_with")
    return institution_scope(
        queryset=requests, user=user, path_field="institution__path"
    )


def learners_for_staff(*, user) -> QuerySet:
    """Residents whose community lies in the institutions a staff member serves.

    This is who may see a learner's record besides the learner: staff of the
    institution the learner belongs to, or of one above it.
    """
    from django.contrib.auth import get_user_model

    learners = (
        get_user_model()
        .objects.filter(
            learner_profile__isnull=False, learner_profile__deleted_at__isnull=True
        )
        .select_related("learner_profile__place")
    )
    return institution_scope(
        queryset=learners, user=user, path_field="learner_profile__place__path"
    )


def learner_is_established(*, user) -> bool:
    """Whether an account has cost its owner something real: a verified
    mobile number, or at least one lesson learned (which takes the lesson's
    own length in real time, see progress.py). Votes ask for this, so a
    pile of fresh accounts cannot turn a competition."""
    if not user.is_authenticated:
        return False
    if LearnerProfile.objects.filter(
        user=user, phone__isnull=False, deleted_at__isnull=True
    ).exists():
        return True
    return LessonProgress.objects.filter(
        learner=user, completed_at__isnull=False
    ).exists()
