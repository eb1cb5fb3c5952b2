"""Editors' changes reach the index on their own: publish, edit, move,
unpublish and delete in Wagtail, a real Celery worker runs the sync task
from Redis after the commit, and the supermarket shows the change."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from institutions.models import TownshipSchoolPage
from resources.models import CoursePage, LessonPage
from search import indexing, queries

pytestmark = pytest.mark.django_db(transaction=True)


def _eventually(check: Callable[[], bool], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"not reflected within {timeout}s: {what}"
        time.sleep(0.3)


def _hits(query: str = "", **filters) -> list[queries.Hit]:
    return queries.search(queries.SearchRequest(query=query, filters=filters)).hits


def _titles(query: str, **filters) -> list[str]:
    return [hit.title for hit in _hits(query, **filters)]


@pytest.fixture
def catalogue(search_index, demo_catalogue):
    indexing.reindex()


def test_publish_edit_move_unpublish_delete_reach_the_index(catalogue, default_worker):
    course = CoursePage.objects.get(title="太极拳二十四式")

    lesson = LessonPage(title="太极拳收势要领", slug="taiji-closing", summary="收势")
    course.add_child(instance=lesson)
    lesson.save_revision().publish()
    _eventually(lambda: "太极拳收势要领" in _titles("收势要领"), "publish")

    lesson.title = "太极拳收势与呼吸"
    lesson.save_revision().publish()
    _eventually(lambda: "太极拳收势与呼吸" in _titles("收势"), "edit")
    assert "太极拳收势要领" not in _titles("收势")

    elsewhere = (
        TownshipSchoolPage.objects.live().exclude(pk=course.get_parent().pk).first()
    )
    course.move(elsewhere, pos="last-child")
    _eventually(
        lambda: any(
            hit.id == lesson.pk for hit in _hits("收势", institution=elsewhere.slug)
        ),
        "move (the lesson now carries the new institution)",
    )

    LessonPage.objects.get(pk=lesson.pk).unpublish()
    _eventually(lambda: "太极拳收势与呼吸" not in _titles("收势"), "unpublish")

    remaining = [p.title for p in CoursePage.objects.get(pk=course.pk).get_children()]
    CoursePage.objects.get(pk=course.pk).delete()
    _eventually(lambda: "太极拳二十四式" not in _titles("太极拳"), "delete")
    assert not set(remaining) & set(_titles("太极"))
    assert indexing.consistency().ok


def _suggested(prefix: str) -> list[str]:
    return queries.suggest(prefix)


def test_removals_never_wait_for_a_worker(catalogue, client):
    """No worker runs here (down, or busy with a transcode): making a page
    private, unpublishing one and deleting one take them out of results,
    suggestions and the database fallback within the request."""
    from wagtail.models import PageViewRestriction

    from search import fallback

    private, unpublished, deleted = LessonPage.objects.live().public()[:3]
    titles = [private.title, unpublished.title, deleted.title]
    for title in titles:
        assert title in _titles(title)

    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    LessonPage.objects.get(pk=unpublished.pk).unpublish()
    LessonPage.objects.get(pk=deleted.pk).delete()

    for title in titles:
        assert title not in _titles(title), title
        assert title not in _suggested(title[:4]), title
        found = fallback.search(queries.SearchRequest(query=title)).hits
        assert title not in [hit.title for hit in found], title
        page = client.get("/supermarket/", {"q": title}).content.decode()
        assert f">{title}<" not in page, title
        suggestions = client.get("/api/v1/search/suggest/", {"q": title[:4]}).json()
        assert title not in str(suggestions), title
