"""Every public page type renders uncached in at most eight SQL queries,
however many items it lists (#18).

The page cache is off here: this is the cost of a miss, the first view after
a change. Each page type is measured on the demo, then again after the
network grew (more courses, lessons, events, venues and institutions), and
its count must not move.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

BUDGET = 8


def _page_urls(video_lesson) -> dict[str, str]:
    from community.models import (
        BrandShowcasePage,
        CommunityBrandPage,
        EventPage,
        LearningStarPage,
        ShowcaseCompetitionPage,
        VenuePage,
    )
    from institutions.models import (
        CityCentrePage,
        DistrictCollegePage,
        TownshipSchoolPage,
        VillagePointPage,
    )
    from resources.models import CoursePage, LessonPage, Topic

    urls = {}
    for model in (
        CityCentrePage, DistrictCollegePage, TownshipSchoolPage, VillagePointPage,
        CoursePage, LessonPage, VenuePage, EventPage, CommunityBrandPage,
        BrandShowcasePage, ShowcaseCompetitionPage, LearningStarPage,
    ):  # fmt: skip
        page = model.objects.live().public().order_by("path").first()
        assert page is not None, f"the demo has no {model.__name__}"
        urls[model.__name__] = page.url
    course = CoursePage.objects.live().filter(title="太极拳二十四式").first()
    if course is not None:
        urls["CoursePage (many lessons)"] = course.url
    urls["LessonPage (three videos)"] = video_lesson.url
    urls |= {
        "topic": f"/topics/{Topic.objects.order_by('sort_order').first().slug}/",
        "supermarket shelves": "/supermarket/",
        "supermarket filtered": "/supermarket/?kind=course&content_area=health",
        "search results": "/supermarket/?q=太极",
        "events": "/events/",
        "learning map": "/map/",
        "brand showcase": "/brands/",
        "groups": "/groups/",
        "English home": "/en/",
    }
    return urls


def _counts(client, urls: dict[str, str]) -> dict[str, int]:
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm: Wagtail's site root paths, content types
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries.captured_queries)
    return counts


def _grow_network() -> None:
    """More of everything the public pages list."""
    from community.models import VenuePage
    from institutions.models import TownshipSchoolPage
    from tests.factories.community import EventPageFactory, VenuePageFactory
    from tests.factories.institutions import (
        CoursePageFactory,
        LessonPageFactory,
        VillagePointPageFactory,
    )

    township = TownshipSchoolPage.objects.live().order_by("path").first()
    for n in range(4):
        village = VillagePointPageFactory(
            parent=township, title=f"扩展村{n}教学点", slug=f"grown-village-{n}"
        )
        course = CoursePageFactory(
            parent=village, title=f"扩展课程{n}", slug=f"grown-course-{n}"
        )
        for m in range(3):
            LessonPageFactory(
                parent=course, title=f"扩展课程{n}第{m}课", slug=f"lesson-{m}"
            )
        venue = VenuePageFactory(
            parent=village, title=f"扩展场馆{n}", slug=f"grown-venue-{n}"
        )
        event = EventPageFactory(
            parent=village, venue=venue, title=f"扩展活动{n}", slug=f"grown-event-{n}"
        )
        for page in (village, course, *course.get_children().specific(), venue, event):
            page.save_revision().publish()  # as an editor would: dated, indexed
    assert VenuePage.objects.count() >= 4


@pytest.fixture
def indexed_demo(demo, search_index, settings, tmp_path):
    """The demo, indexed, with a lesson playing three videos (each player
    lists its caption tracks)."""
    from resources.models import LessonPage
    from tests.factories.media import transcoded_asset, with_videos

    settings.PAGE_CACHE_ENABLED = False
    asset = transcoded_asset(tmp_path / "clip.mp4", "示范", size="320x240", seconds=2)
    lesson = with_videos(
        LessonPage.objects.live().order_by("path").first(),
        asset,
        captions=("第一段", "第二段", "第三段"),
    )
    call_command("search_reindex", stdout=StringIO())
    return lesson


def test_every_public_page_type_renders_within_the_budget(client, indexed_demo):
    urls = _page_urls(indexed_demo)
    before = _counts(client, urls)
    over = {name: n for name, n in before.items() if n > BUDGET}
    assert not over, f"over {BUDGET} queries: {over}"

    _grow_network()
    call_command("search_reindex", stdout=StringIO())
    after = _counts(client, urls)
    grew = {
        name: (before[name], after[name]) for name in urls if after[name] > before[name]
    }
    assert not grew, f"queries grew with the number of items listed: {grew}"
