"""Courses on other apps' pages: the home page's topic tiles and newest
courses, and the course shelf of every institution page.

Institution pages sit below this app and cannot name courses; their templates
load these tags instead.
"""

from django import template
from wagtail.models import Page

from ..selectors import course_count, course_list, topic_list_with_counts

register = template.Library()


@register.simple_tag
def course_count_under(page: Page) -> int:
    """Published, public courses anywhere under `page`."""
    return course_count(within=page)


@register.inclusion_tag("resources/includes/topic_tiles.html", takes_context=True)
def topic_tiles(context: template.Context, page: Page) -> dict:
    return {
        "request": context.get("request"),
        "topics": topic_list_with_counts(within=page),
    }


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
