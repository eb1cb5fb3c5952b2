"""The nightly rollup behind the statistics: one row per learner and month,
quarter and year.

Progress is stored per lesson and attendance per event; a year of activity for
100,000 learners is close to a million rows. Collapsed to one row per learner
and span, with the learner's community path copied in, a figure for a month,
a quarter or a year counts rows instead of distinct learners (each learner has
at most one row per span), and any other run of months is still exact as a
distinct count over month rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Span(models.TextChoices):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class LearnerActivity(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    span = models.CharField(max_length=7, choices=Span.choices)
    starts = models.DateField()
    place_path = models.CharField(max_length=255, blank=True)
    lessons_completed = models.PositiveIntegerField(default=0)
    events_attended = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "span", "starts"], name="one_row_a_span"
            )
        ]
        indexes = [models.Index(fields=["span", "starts", "place_path"])]
