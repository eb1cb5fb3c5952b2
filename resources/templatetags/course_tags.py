"""Courses on other apps' pages: the home page's topic tiles and newest
courses, and the course shelf of every institution page.

Institution pages sit below this app and cannot name courses; their templates
load these tags instead.
"""

from django import template
from wagtail.models import Page

from ..selectors import course_list, topic_list_with_counts

register = template.Library()


@register.simple_tag
def topics_under(page: Page) -> list:
    """The content areas with how many public courses each has under
    `page`; read once for both the topic tiles and the course total."""
    return list(topic_list_with_counts(within=page))


@register.filter
def course_total(topics: list) -> int:
    """Every course has exactly one content area, so the areas' counts add
    up to the number of courses."""
    return sum(topic.course_count for topic in topics)


@register.inclusion_tag("resources/includes/topic_tiles.html", takes_context=True)
def topic_tiles(context: template.Context, topics: list) -> dict:
    return {"request": context.get("request"), "topics": topics}


@register.inclusion_tag("resources/includes/course_shelf.html", takes_context=True)
def course_shelf(context: template.Context, page: Page, limit: int = 6) -> dict:
    """The newest courses under `page` (the home page's "最新课程")."""
    return {
        "request": context.get("request"),
        "courses": course_list(within=page, limit=limit),
    }


@register.inclusion_tag(
    "resources/includes/institution_courses.html", takes_context=True
)
def institution_courses(context: template.Context, page: Page) -> dict:
    """What can be learnt at an institution, with the ways to add to it."""
    return {
        "request": context.get("request"),
        "page": page,
        "courses": course_list(within=page, limit=12),
    }
