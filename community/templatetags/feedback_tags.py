from django import template

from core.pagecache import page_depends_on

from .. import feedback
from ..selectors import rating_summary, visible_comments

register = template.Library()


@register.inclusion_tag("community/includes/feedback.html", takes_context=True)
def page_feedback(context, page) -> dict:
    """Stars, comments and (after completing a course) the survey for a page."""
    request = context["request"]
    page_depends_on(request=request, tags=(f"feedback:{page.pk}", "people"))
    user = request.user
    return {
        "request": request,
        "user": user,
        "page": page,
        "rating": rating_summary(page, user),
        "comments": visible_comments(page, user),
        "survey_due": page.specific_class.__name__ == "CoursePage"
        and feedback.survey_due(user, page),
        "csrf_token": context.get("csrf_token"),
        "stars": range(1, 6),
    }
