"""The figures, for one institution's subtree and one period.

Activity figures read the rollup (`LearnerActivity`) by default; `live=True`
computes the same numbers from the source tables, which the tests use to
check the rollup and the benchmark uses to measure what it saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from community.models import (
    CourseSurvey,
    EventPage,
    EventRegistration,
    LearningGroup,
    Rating,
)
from institutions.models import (
    DistrictCollegePage,
    TownshipSchoolPage,
    VillagePointPage,
)
from resources.models import CoursePage, LessonPage, LessonProgress
from search.models import SearchQuery

from .models import LearnerActivity, Span
from .periods import Period, midnight

TARGET_RATE = 0.5


def population(institution: Page) -> int:
    """Its stated population, else the sum of the institutions under it."""
    institution = institution.specific
    if getattr(institution, "population_served", 0):
        return institution.population_served
    return sum(population(child) for child in institution.get_children().live())


ACTIVE = Q(lessons_completed__gt=0) | Q(events_attended__gt=0)


def _rows(path: str, period: Period):
    """Rollup rows of the subtree: one per learner when the period is a whole
    month, quarter or year; month rows (to be counted distinct) otherwise."""
    rows = LearnerActivity.objects.filter(place_path__startswith=path)
    if period.span:
        return rows.filter(span=period.span, starts=period.start)
    return rows.filter(span=Span.MONTH, starts__gte=period.start, starts__lt=period.end)


def _activity(path: str, period: Period):
    return _rows(path, period).filter(ACTIVE)


def _learners(period: Period):
    """What to count so each learner counts once."""
    return Count("pk") if period.span else Count("learner_id", distinct=True)


def _live_learners(path: str, period: Period):
    since, until = midnight(period.start), midnight(period.end)
    place = "learner__learner_profile__place__path__startswith"
    lessons = LessonProgress.objects.filter(
        completed_at__gte=since, completed_at__lt=until, **{place: path}
    ).values("learner_id")
    events = EventRegistration.objects.filter(
        checked_in_at__gte=since, checked_in_at__lt=until, **{place: path}
    ).values("learner_id")
    return lessons.union(events)


def active_learners(institution: Page, period: Period, *, live: bool = False) -> int:
    if live:
        return _live_learners(institution.path, period).count()
    rows = _activity(institution.path, period)
    return rows.aggregate(n=_learners(period))["n"]


@dataclass(frozen=True)
class Participation:
    institution: Page
    active: int
    population: int

    @property
    def rate(self) -> float | None:
        return self.active / self.population if self.population else None

    @property
    def meets_target(self) -> bool:
        return self.rate is not None and self.rate >= TARGET_RATE


def participation(institution: Page, period: Period, *, live: bool = False):
    return Participation(
        institution, active_learners(institution, period, live=live),
        population(institution),
    )  # fmt: skip


def participation_by_child(
    institution: Page, period: Period, *, public_only: bool = False
) -> list[Participation]:
    """One row per institution directly under this one, from one grouped scan;
    `public_only` leaves out institutions whose pages are private (the
    public statistics page must not name them)."""
    children = institution.get_children().live()
    if public_only:
        children = children.public()
    children = list(children.specific().order_by("path"))
    if not children:
        return []
    width = len(children[0].path)
    rows = _activity(institution.path, period)
    counts = dict(
        rows.annotate(prefix=Substr("place_path", 1, width))
        .values("prefix")
        .annotate(n=_learners(period))
        .values_list("prefix", "n")
    )
    return [
        Participation(child, counts.get(child.path, 0), population(child))
        for child in children
        if hasattr(child, "population_served")
    ]


def monthly_active(institution: Page, period: Period) -> list[tuple[date, int]]:
    """Active learners in each month (one month row per learner: a count)."""
    counts = dict(
        LearnerActivity.objects.filter(
            ACTIVE, span=Span.MONTH, starts__gte=period.start, starts__lt=period.end,
            place_path__startswith=institution.path,
        )
        .values("starts").annotate(n=Count("pk")).values_list("starts", "n")
    )  # fmt: skip
    return [(month, counts.get(month, 0)) for month in period.months()]


def learning_hours(institution: Page, period: Period) -> float:
    seconds = _rows(institution.path, period).aggregate(s=Sum("seconds"))["s"]
    return round((seconds or 0) / 3600, 1)


@dataclass(frozen=True)
class Coverage:
    built: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.built / self.total if self.total else None


def _coverage(parents, child_model, total_field: str) -> Coverage:
    built = total = 0
    for parent in parents:
        have = child_model.objects.live().child_of(parent).count()
        built += have
        total += max(getattr(parent, total_field) or have, have)
    return Coverage(built, total)


def township_coverage(institution: Page) -> Coverage | None:
    """Townships with a community school, of all townships, below a district
    or the city; None below that level."""

    districts = DistrictCollegePage.objects.live().descendant_of(
        institution, inclusive=True
    )
    if not districts.exists():
        return None
    return _coverage(districts, TownshipSchoolPage, "townships_total")


def village_coverage(institution: Page) -> Coverage | None:
    """Villages with a teaching point, of all villages, below a township or up;
    None for a village."""

    townships = TownshipSchoolPage.objects.live().descendant_of(
        institution, inclusive=True
    )
    if not townships.exists():
        return None
    return _coverage(townships, VillagePointPage, "villages_total")


@dataclass(frozen=True)
class Content:
    courses: int
    lessons: int
    featured: int
    by_area: list[tuple[str, int, int]]  # (content area, courses, lessons)
    by_audience: list[tuple[str, int]]  # (audience, courses)


def content(institution: Page) -> Content:
    """Published, public courses and lessons in the subtree, by content area
    (lessons take their course's area) and by audience."""

    courses = CoursePage.objects.live().public().descendant_of(institution)
    area_of = dict(courses.values_list("path", "topic__name"))
    lessons_per_course = (
        LessonPage.objects.live().public().descendant_of(institution)
        .annotate(parent=Substr("path", 1, Length("path") - Page.steplen))
        .values("parent").annotate(n=Count("pk")).values_list("parent", "n")
    )  # fmt: skip
    lessons_by_area: dict[str, int] = {}
    for parent, n in lessons_per_course:
        area = area_of.get(parent) or "—"
        lessons_by_area[area] = lessons_by_area.get(area, 0) + n
    courses_by_area = dict(
        courses.values("topic__name").annotate(n=Count("pk"))
        .values_list("topic__name", "n")
    )  # fmt: skip
    areas = sorted(set(courses_by_area) | set(lessons_by_area), key=str)
    by_audience = list(
        courses.values("audiences__name").exclude(audiences__name=None)
        .annotate(n=Count("pk")).order_by("-n").values_list("audiences__name", "n")
    )  # fmt: skip
    return Content(
        courses=courses.count(),
        lessons=sum(lessons_by_area.values()),
        featured=courses.filter(featured=True).count(),
        by_area=[
            (a, courses_by_area.get(a, 0), lessons_by_area.get(a, 0)) for a in areas
        ],  # fmt: skip
        by_audience=by_audience,
    )


@dataclass(frozen=True)
class Events:
    held: int
    attendances: int


def events(institution: Page, period: Period) -> Events:
    """Events that started in the period in the subtree, and check-ins at them."""

    held = (
        EventPage.objects.live()
        .descendant_of(institution)
        .filter(
            starts_at__gte=midnight(period.start), starts_at__lt=midnight(period.end)
        )
    )
    attendances = EventRegistration.objects.filter(
        event__in=held, checked_in_at__isnull=False
    ).count()
    return Events(held.count(), attendances)


def groups(institution: Page) -> int:

    return LearningGroup.objects.filter(
        hidden_at__isnull=True, area__path__startswith=institution.path
    ).count()


def unmet_demand(limit: int = 20) -> list[tuple[str, int]]:
    """Searches that found nothing, most asked first (city-wide, cumulative)."""

    return list(
        SearchQuery.objects.filter(last_results=0)
        .order_by("-searches")
        .values_list("text", "searches")[:limit]
    )


@dataclass(frozen=True)
class Satisfaction:
    ratings: int
    average_rating: float | None
    surveys: int
    average_survey: float | None
    recommend_share: float | None


def satisfaction(institution: Page, period: Period) -> Satisfaction:
    """Ratings and surveys given in the period on content in the subtree."""

    since, until = midnight(period.start), midnight(period.end)
    ratings = Rating.objects.filter(
        page__path__startswith=institution.path,
        updated_at__gte=since, updated_at__lt=until,
    ).aggregate(n=Count("pk"), avg=Avg("stars"))  # fmt: skip
    surveys = CourseSurvey.objects.filter(
        course__path__startswith=institution.path,
        created_at__gte=since, created_at__lt=until,
    ).aggregate(
        n=Count("pk"), avg=Avg("satisfaction"),
        yes=Count("pk", filter=Q(recommend=True)),
    )  # fmt: skip

    def rounded(value):
        return round(value, 2) if value is not None else None

    return Satisfaction(
        ratings["n"], rounded(ratings["avg"]), surveys["n"], rounded(surveys["avg"]),
        rounded(surveys["yes"] / surveys["n"]) if surveys["n"] else None,
    )  # fmt: skip


# Below this many people, a published count could point at individuals.
SMALL_COUNT = 5


def suppressed(count: int | None) -> int | None:
    """A count for the public page: None (shown as "< 5") when it is small."""
    if count is None or 0 < count < SMALL_COUNT:
        return None
    return count
