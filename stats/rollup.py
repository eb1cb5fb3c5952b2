"""Building `LearnerMonth` rows from progress and attendance.

`rebuild(months)` replaces the rows of those months in one transaction, so
the dashboard never reads a half-built month. The nightly task rebuilds this
month and the last (late check-ins and offline progress land afterwards).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from community.models import EventRegistration
from resources.models import LearnerProfile, LessonProgress

from .models import LearnerMonth
from .periods import _next_month

BATCH = 5_000


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _month(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def rows_for(start: date, end: date) -> dict[tuple[int, date], dict]:
    """Activity per (learner, month) for months in [start, end), from the source
    tables: lessons completed, events attended, learning seconds. Played media
    counts in the month the progress row was last updated, as on the learner's
    own record."""
    since, until = _aware(start), _aware(end)
    zone = timezone.get_current_timezone()
    rows: dict[tuple[int, date], dict] = defaultdict(
        lambda: {"lessons": 0, "events": 0, "seconds": 0.0}
    )
    progress = LessonProgress.objects.filter(
        completed_at__gte=since, completed_at__lt=until
    )
    for row in (
        progress.annotate(m=TruncMonth("completed_at", tzinfo=zone))
        .values("learner_id", "m")
        .annotate(
            n=Count("pk"),
            read=Sum("lesson__duration_minutes", filter=Q(watched_seconds=0)),
        )  # fmt: skip
    ):
        entry = rows[(row["learner_id"], _month(row["m"]))]
        entry["lessons"] += row["n"]
        entry["seconds"] += (row["read"] or 0) * 60
    watched = LessonProgress.objects.filter(
        updated_at__gte=since, updated_at__lt=until, watched_seconds__gt=0
    )
    for row in (
        watched.annotate(m=TruncMonth("updated_at", tzinfo=zone))
        .values("learner_id", "m")
        .annotate(s=Sum("watched_seconds"))
    ):
        rows[(row["learner_id"], _month(row["m"]))]["seconds"] += row["s"] or 0.0
    attended = EventRegistration.objects.filter(
        checked_in_at__gte=since, checked_in_at__lt=until
    ).select_related("event")
    hours: dict[int, float] = {}
    for row in attended.annotate(m=TruncMonth("checked_in_at", tzinfo=zone)):
        if row.event_id not in hours:
            hours[row.event_id] = float(row.event.learning_hours)
        entry = rows[(row.learner_id, _month(row.m))]
        entry["events"] += 1
        entry["seconds"] += hours[row.event_id] * 3600
    return rows


def rebuild(start: date, end: date) -> int:
    """Replace the rollup rows of the months in [start, end)."""
    rows = rows_for(start, end)
    places = dict(
        LearnerProfile.objects.filter(
            user_id__in={learner for learner, _ in rows}, place__isnull=False
        ).values_list("user_id", "place__path")
    )
    objects = [
        LearnerMonth(
            learner_id=learner, month=month, place_path=places.get(learner, ""),
            lessons_completed=entry["lessons"], events_attended=entry["events"],
            seconds=round(entry["seconds"], 1),
        )
        for (learner, month), entry in rows.items()
    ]  # fmt: skip
    with transaction.atomic():
        LearnerMonth.objects.filter(month__gte=start, month__lt=end).delete()
        LearnerMonth.objects.bulk_create(objects, batch_size=BATCH)
    return len(objects)


def rebuild_recent(today: date | None = None) -> int:
    """Last month and this one: what the nightly task refreshes."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    return rebuild(last_month, _next_month(this_month))
