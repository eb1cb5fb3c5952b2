"""The figures, for one institution's subtree and one period.

Activity figures read the rollup (`LearnerMonth`) by default; `live=True`
computes the same numbers from the source tables, which the tests use to
check the rollup and the benchmark uses to measure what it saves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page

from community.models import EventRegistration
from resources.models import LessonProgress

from .models import LearnerMonth
from .periods import Period

TARGET_RATE = 0.5


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def population(institution: Page) -> int:
    """Its stated population, else the sum of the institutions under it."""
    institution = institution.specific
    if getattr(institution, "population_served", 0):
        return institution.population_served
    return sum(population(child) for child in institution.get_children().live())


def _activity(path: str, period: Period):
    return LearnerMonth.objects.filter(
        Q(lessons_completed__gt=0) | Q(events_attended__gt=0),
        month__gte=period.start, month__lt=period.end, place_path__startswith=path,
    )  # fmt: skip


def _live_learners(path: str, period: Period):
    since, until = _aware(period.start), _aware(period.end)
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
    return _activity(institution.path, period).values("learner_id").distinct().count()


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


def participation_by_child(institution: Page, period: Period) -> list[Participation]:
    """One row per institution directly under this one, from one grouped scan."""
    children = list(institution.get_children().live().specific().order_by("path"))
    if not children:
        return []
    width = len(children[0].path)
    counts = dict(
        _activity(institution.path, period)
        .annotate(prefix=Substr("place_path", 1, width))
        .values("prefix")
        .annotate(n=Count("learner_id", distinct=True))
        .values_list("prefix", "n")
    )
    return [
        Participation(child, counts.get(child.path, 0), population(child))
        for child in children
        if hasattr(child, "population_served")
    ]


def monthly_active(institution: Page, period: Period) -> list[tuple[date, int]]:
    counts = dict(
        _activity(institution.path, period)
        .values("month")
        .annotate(n=Count("learner_id", distinct=True))
        .values_list("month", "n")
    )
    return [(month, counts.get(month, 0)) for month in period.months()]


def learning_hours(institution: Page, period: Period) -> float:
    seconds = LearnerMonth.objects.filter(
        month__gte=period.start, month__lt=period.end,
        place_path__startswith=institution.path,
    ).aggregate(s=Sum("seconds"))["s"]  # fmt: skip
    return round((seconds or 0) / 3600, 1)
