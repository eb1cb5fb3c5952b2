"""What a learner's pages show: lessons under way, what is finished, hours.

Learning time counts media actually played (merged, so nothing twice) and,
for a text or document lesson marked finished, its stated length.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, Sum
from django.utils import timezone

from .models import Certificate, CourseCompletion, CreditEntry, LessonProgress


@dataclass
class LearningSummary:
    in_progress: list[LessonProgress]
    completed: list[LessonProgress]
    courses: list[CourseCompletion]
    certificates: list[Certificate]
    seconds_this_month: float
    seconds_this_year: float
    credits: object


def learning_seconds(learner, since: datetime | None = None) -> float:
    rows = LessonProgress.objects.filter(learner=learner)
    if since is not None:
        rows = rows.filter(Q(updated_at__gte=since) | Q(completed_at__gte=since))
    watched = rows.aggregate(n=Sum("watched_seconds"))["n"] or 0.0
    read = (
        rows.filter(completed_at__isnull=False, watched_seconds=0).aggregate(
            n=Sum("lesson__duration_minutes")
        )["n"]
        or 0
    )
    return watched + read * 60


def summary(learner) -> LearningSummary:
    now = timezone.localtime()
    month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    year = month.replace(month=1)
    rows = LessonProgress.objects.filter(learner=learner).select_related("lesson")
    credits = CreditEntry.objects.filter(learner=learner).aggregate(n=Sum("amount"))
    return LearningSummary(
        in_progress=list(
            rows.filter(completed_at__isnull=True, watched_seconds__gt=0).order_by(
                "-updated_at"
            )[:20]
        ),
        completed=list(
            rows.filter(completed_at__isnull=False).order_by("-completed_at")[:50]
        ),
        courses=list(
            CourseCompletion.objects.filter(learner=learner)
            .select_related("course")
            .order_by("-completed_at")
        ),
        certificates=list(Certificate.objects.filter(learner=learner)),
        seconds_this_month=learning_seconds(learner, month),
        seconds_this_year=learning_seconds(learner, year),
        credits=credits["n"] or 0,
    )
