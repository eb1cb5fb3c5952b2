"""Everything residents look for, in one supermarket: courses, lessons,
upcoming events, venues and community brand pages, each result saying what
it is; ended, private and unpublished things never appear; a course with no
lesson yet is marked 即将上线 and comes after what can be learnt now. On
both engines."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community.models import EventPage, VenuePage
from resources.models import CoursePage, LessonPage
from search import documents, fallback, indexing, selectors
from search.queries import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def _search(query: str = "", **filters):
    result = selectors.supermarket_search(
        SearchRequest(query=query, filters=filters, size=50)
    )
    assert not result.degraded
    return result


def _kinds(query: str) -> dict[str, list]:
    kinds: dict[str, list] = {}
    for hit in _search(query).hits:
        kinds.setdefault(hit.kind, []).append(hit)
    return kinds


def test_one_search_finds_every_kind_and_says_what_each_is(engine):
    kinds = _kinds("太极")
    assert {"course", "event", "venue"} <= set(kinds), kinds.keys()
    assert {"course", "event"} <= set(_kinds("诈骗"))
    assert "lesson" in _kinds("骗局")
    event = next(h for h in kinds["event"] if h.title == "太极拳晨练交流会")
    assert "月" in event.detail and "周" in event.detail and "·" in event.detail
    assert all(
        hit.format in ("video", "audio", "document", "text")
        for hit in _kinds("骗局")["lesson"]
    )
    venues = _search(kind="venue").hits
    assert venues and all(hit.kind == "venue" for hit in venues)
    assert any(hit.detail for hit in venues)  # opening hours
    assert _kinds("夕阳红").get("brand")
    facet = {f["value"]: f["count"] for f in _search("诈骗").facets["kind"]}
    assert facet["event"] >= 1 and facet["course"] >= 1


def test_ended_private_and_unpublished_things_never_appear(engine):
    event = EventPage.objects.live().get(title="太极拳晨练交流会")
    assert event.title in [h.title for h in _search(event.title).hits]
    # The event ends while its document is still stored and indexed: the
    # query itself leaves it out, on either engine.
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=3),
        ends_at=timezone.now() - timedelta(hours=1),
    )
    stale = documents.Builder().build(EventPage.objects.get(pk=event.pk))
    fallback.store({event.pk: stale})
    if engine == "elasticsearch":
        from search import client

        client.get_client().index(
            index=client.pages_alias(), id=str(event.pk), document=stale, refresh=True
        )
    assert event.title not in [h.title for h in _search(event.title).hits]
    assert not [h for h in _search("", kind="event").hits if h.id == event.pk]
    # …and the next sync drops it.
    indexing.sync_pages([event.pk])
    assert not fallback.search(SearchRequest(query=event.title)).count or all(
        h.id != event.pk for h in fallback.search(SearchRequest(query=event.title)).hits
    )

    venue = VenuePage.objects.live().public().first()
    PageViewRestriction.objects.create(
        page=venue, restriction_type=PageViewRestriction.LOGIN
    )
    indexing.unlist_pages([venue.pk])
    assert venue.pk not in [
        h.id for h in _search(venue.title).hits if h.kind == "venue"
    ]


def test_a_course_without_lessons_is_shown_as_coming_soon(engine):
    coming = CoursePage.objects.get(title="广场舞基础步伐")
    assert not LessonPage.objects.live().child_of(coming).exists()
    hits = _search("广场舞").hits
    course = next(h for h in hits if h.id == coming.pk)
    assert course.coming and course.duration_seconds == 0
    assert any(h.kind == "course" and not h.coming for h in _search("诈骗").hits)

    # Publishing its first lesson makes it a real course again.
    lesson = LessonPage(title="十字步", summary="第一步。", duration_minutes=8)
    coming.add_child(instance=lesson)
    lesson.save_revision().publish()
    indexing.sync_pages(indexing.affected_pages(lesson))
    course = next(h for h in _search("广场舞").hits if h.id == coming.pk)
    assert not course.coming and course.duration_seconds > 0
