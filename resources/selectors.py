"""Reads of courses and topics for public pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from wagtail.models import Page

from .models import CoursePage, Topic


def course_list(
    *, within: Page, topic: Topic | None = None, limit: int | None = None
) -> QuerySet[CoursePage] | list[CoursePage]:
    """Published, public courses under an institution, newest first."""
    courses = (
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
