"""The nightly rollup behind the statistics: one row per learner and month.

Progress is stored per lesson and attendance per event; a year of activity for
100,000 learners is millions of rows. Collapsed to learner-months, with the
learner's community path copied in, every figure is one indexed scan, and a
distinct count over any run of months (a quarter, a year) stays exact, which
summing monthly totals would not.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LearnerMonth(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    place_path = models.CharField(max_length=255, blank=True)
    lessons_completed = models.PositiveIntegerField(default=0)
    events_attended = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["learner", "month"], name="one_row_a_month")
        ]
        indexes = [models.Index(fields=["month", "place_path"])]
