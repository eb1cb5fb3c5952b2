"""Building `LearnerActivity` rows from progress and attendance.

`rebuild(start, end)` replaces the month rows in [start, end) and the quarter
and year rows they add up to, in one transaction, so the dashboard never
reads a half-built period. The nightly task rebuilds this month and the last
(late check-ins and offline progress land afterwards).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from community.models import EventRegistration
from resources.models import LearnerProfile, LessonProgress

from .models import LearnerActivity, Span
from .periods import midnight, next_month

BATCH = 5_000


def _month(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def rows_for(start: date, end: date) -> dict[tuple[int, date], dict]:
    """Activity per (learner, month) for months in [start, end), from the source
    tables: lessons completed, events attended, learning seconds. Played media
    counts in the month the progress row was last updated, as on the learner's
    own record."""
    since, until = midnight(start), midnight(end)
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
    """Replace the month rows in [start, end), and the quarter and year rows
    of every quarter and year those months fall in. Returns the month rows."""
    rows = rows_for(start, end)
    places = dict(
        LearnerProfile.objects.filter(
            user_id__in={learner for learner, _ in rows}, place__isnull=False
        ).values_list("user_id", "place__path")
    )
    months = [
        LearnerActivity(
            learner_id=learner, span=Span.MONTH, starts=month,
            place_path=places.get(learner, ""), lessons_completed=entry["lessons"],
            events_attended=entry["events"], seconds=round(entry["seconds"], 1),
        )
        for (learner, month), entry in rows.items()
    ]  # fmt: skip
    with transaction.atomic():
        LearnerActivity.objects.filter(
            span=Span.MONTH, starts__gte=start, starts__lt=end
        ).delete()
        LearnerActivity.objects.bulk_create(months, batch_size=BATCH)
        last = _month_before(end)
        _sum_up(Span.QUARTER, TruncQuarter, _quarter(start), _quarter(last))
        _sum_up(Span.YEAR, TruncYear, date(start.year, 1, 1), date(last.year, 1, 1))
    return len(months)


def _quarter(month: date) -> date:
    return date(month.year, (month.month - 1) // 3 * 3 + 1, 1)


def _month_before(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


def _sum_up(span: str, trunc, first: date, last: date) -> None:
    """Rebuild the `span` rows starting from `first` to `last` from month rows."""
    LearnerActivity.objects.filter(
        span=span, starts__gte=first, starts__lte=last
    ).delete()
    totals = (
        LearnerActivity.objects.filter(span=Span.MONTH, starts__gte=first)
        .annotate(period=trunc("starts"))
        .filter(period__lte=last)
        .values("learner_id", "period")
        .annotate(
            lessons=Sum("lessons_completed"), events=Sum("events_attended"),
            seconds=Sum("seconds"), place=Max("place_path"),
        )
    )  # fmt: skip
    LearnerActivity.objects.bulk_create(
        (
            LearnerActivity(
                learner_id=row["learner_id"], span=span, starts=_month(row["period"]),
                place_path=row["place"], lessons_completed=row["lessons"],
                events_attended=row["events"], seconds=row["seconds"],
            )
            for row in totals.iterator(chunk_size=BATCH)
        ),
        batch_size=BATCH,
    )  # fmt: skip


def rebuild_recent(today: date | None = None) -> int:
    """Last month and this one: what the nightly task refreshes."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    return rebuild(_month_before(this_month), next_month(this_month))
