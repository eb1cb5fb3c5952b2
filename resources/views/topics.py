"""A content area's courses across the whole network (/topics/<slug>/)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core.pagecache import response_cacheable

from ..selectors import course_list, topic_get


@require_GET
def topic_courses(request: HttpRequest, slug: str) -> HttpResponse:
    site = Site.find_for_request(request)
    topic = topic_get(slug=slug)
    if site is None or topic is None:
        raise Http404
    home = site.root_page.specific
    response_cacheable(request=request, tags=("pages",))
    return render(
        request,
        "resources/topic_courses.html",
        {
            "page": home,
            "topic": topic,
            "topic_courses": course_list(within=home, topic=topic),
        },
    )
