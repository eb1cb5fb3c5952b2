"""The page cache (core/pagecache.py, #18): anonymous views of public pages
are stored in Redis, and every kind of change shows on the very next request.

Changes are made as the people who make them (an editor publishing, a
resident rating or registering), each committed with its on-commit purges
run, as in production.
"""

from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from community import feedback, registration
from core import pagecache
from tests.factories.community import EventPageFactory
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def course(city):
    course = CoursePageFactory(parent=city.villages[0], title="太极拳入门")
    LessonPageFactory(parent=course, title="起势")
    return course


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.headers.get(pagecache.HEADER), response.content.decode()


def _stored(client, url: str) -> str:
    """Read twice: the second read must come from the cache."""
    _get(client, url)
    state, content = _get(client, url)
    assert state == "hit", url
    return content


def _resident(name: str = "resident") -> User:
    return User.objects.create_user(name, password="x-xuexi-2026")


def test_a_stored_page_costs_no_query(client, course, django_assert_num_queries):
    _stored(client, course.url)
    with django_assert_num_queries(0):
        state, content = _get(client, course.url)
    assert state == "hit" and "太极拳入门" in content


def test_publishing_a_page_shows_at_once(
    client, course, django_capture_on_commit_callbacks
):
    assert "太极拳入门" in _stored(client, course.url)
    assert "太极拳入门" in _stored(client, course.get_parent().url)
    with django_capture_on_commit_callbacks(execute=True):
        course.title = "太极拳二十四式"
        course.save_revision().publish()
    for url in (course.url, course.get_parent().url, "/"):
        state, content = _get(client, url)
        assert state == "miss" and "太极拳二十四式" in content, url


def test_a_new_lesson_shows_on_its_course(
    client, course, django_capture_on_commit_callbacks
):
    _stored(client, course.url)
    with django_capture_on_commit_callbacks(execute=True):
        LessonPageFactory(parent=course, title="野马分鬃")
    assert "野马分鬃" in _get(client, course.url)[1]


def test_unpublishing_or_deleting_takes_the_page_away(
    client, course, django_capture_on_commit_callbacks
):
    lesson = course.get_children().first()
    _stored(client, lesson.url)
    _stored(client, course.url)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    assert client.get(lesson.url).status_code == 404
    assert "起势" not in _get(client, course.url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        course.delete()
    assert client.get(course.url).status_code == 404


def test_moving_a_page_changes_its_address_at_once(
    client, city, course, django_capture_on_commit_callbacks
):
    old = course.url
    _stored(client, old)
    with django_capture_on_commit_callbacks(execute=True):
        course.move(city.villages[1], pos="last-child")
    course.refresh_from_db()
    moved = client.get(old)  # Wagtail's redirect to the new address
    assert moved.status_code == 301 and moved["Location"] == course.url
    assert "太极拳入门" in _get(client, course.url)[1]


def test_a_page_made_private_is_never_served_to_the_public(
    client, course, django_capture_on_commit_callbacks
):
    _stored(client, course.url)
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=course, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(course.url)
    assert response.status_code == 302  # to sign in
    assert "太极拳入门" not in response.content.decode()
    # Signed in, the page is there, and nobody's copy is stored.
    client.force_login(_resident())
    response = client.get(course.url)
    assert response.status_code == 200
    assert response.headers.get(pagecache.HEADER) is None
    client.logout()
    assert client.get(course.url).status_code == 302


def test_a_rating_shows_on_the_rated_page_only(
    client, course, django_capture_on_commit_callbacks
):
    other = CoursePageFactory(parent=course.get_parent(), title="八段锦")
    _stored(client, course.url)
    _stored(client, other.url)
    with django_capture_on_commit_callbacks(execute=True):
        feedback.rate(_resident(), course, 4)
    state, content = _get(client, course.url)
    assert state == "miss" and "1 人评价" in content
    # Another page's stored copy was not thrown away.
    assert _get(client, other.url)[0] == "hit"


def test_changing_a_rating_shows_too(
    client, course, django_capture_on_commit_callbacks
):
    resident = _resident()
    with django_capture_on_commit_callbacks(execute=True):
        feedback.rate(resident, course, 2)
    assert "<strong>2.0</strong>" in _stored(client, course.url)
    with django_capture_on_commit_callbacks(execute=True):
        feedback.rate(resident, course, 5)  # saved by update(), no signal
    assert "<strong>5.0</strong>" in _get(client, course.url)[1]


def test_an_approved_comment_shows_at_once(
    client, course, django_capture_on_commit_callbacks
):
    """The village teacher approves it in the admin's comment queue."""
    from django.test import Client
    from django.urls import reverse

    from institutions.services import institution_group_sync

    teacher = User.objects.create_user("village-teacher", password="x-xuexi-2026")
    teacher.groups.add(institution_group_sync(page=course.get_parent()))
    with django_capture_on_commit_callbacks(execute=True):
        said = feedback.comment(_resident(), course, "老师讲得很清楚")
    _stored(client, course.url)
    staff = Client()
    staff.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("comment_queue"), {"comment": said.pk, "decision": "approve"}
        )
    assert response.status_code == 302
    assert "老师讲得很清楚" in _get(client, course.url)[1]


def test_seats_taken_show_on_the_event_page(
    client, city, django_capture_on_commit_callbacks
):
    event = EventPageFactory(parent=city.villages[0], title="防诈骗讲座", capacity=2)
    assert "还剩 <strong>2</strong> 个名额" in _stored(client, event.url)
    with django_capture_on_commit_callbacks(execute=True):
        registration.register(event, _resident())
    assert "还剩 <strong>1</strong> 个名额" in _get(client, event.url)[1]


def test_an_event_leaves_listings_when_it_ends(client, city):
    from datetime import timedelta

    from django.utils import timezone

    soon = timezone.now() + timedelta(minutes=2)
    EventPageFactory(
        parent=city.villages[0],
        title="快结束的活动",
        starts_at=soon - timedelta(hours=1),
        ends_at=soon,
    )
    _stored(client, "/events/")
    key = pagecache._key(client.get("/events/").wsgi_request)
    store = caches["pages"]
    ttl = store._cache.get_client(key).ttl(store.make_key(key))
    # Stored no longer than until the event ends.
    assert 0 < ttl <= 120


def test_signed_in_residents_are_never_served_a_stored_page(client, course):
    _stored(client, course.url)
    client.force_login(_resident("wang"))
    response = client.get(course.url)
    assert response.headers.get(pagecache.HEADER) is None
    assert "你觉得怎么样？" in response.content.decode()  # their rating form
    assert "csrfmiddlewaretoken" in response.content.decode()


def test_a_visitor_with_a_session_renders_afresh(client, course):
    _stored(client, course.url)
    client.cookies["sessionid"] = "not-a-session"
    assert client.get(course.url).headers.get(pagecache.HEADER) is None


def test_a_typed_search_is_never_stored(client, city):
    client.get("/supermarket/?q=太极")
    assert client.get("/supermarket/?q=太极").headers.get(pagecache.HEADER) == "miss"


def test_stored_pages_carry_no_nonce(client, course):
    _stored(client, course.url)
    response = client.get(course.url)
    policy = response.headers["Content-Security-Policy"]
    assert "nonce-" not in policy
    assert "script-src 'self'" in policy


DOWN = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
}


def test_the_site_serves_when_the_cache_is_down(client, course, settings, caplog):
    settings.CACHES = {**settings.CACHES, "pages": DOWN}
    caplog.set_level(logging.WARNING, logger="core.pagecache")
    response = client.get(course.url)
    assert response.status_code == 200 and "太极拳入门" in response.content.decode()
    assert "page cache unavailable" in caplog.text


def test_a_purge_that_fails_is_retried_by_the_worker(
    settings, caplog, default_worker, django_capture_on_commit_callbacks
):
    """Redis refuses the purge; the task queued for it (on the real broker)
    runs on the real worker once the cache answers again."""
    import time

    from django.test import override_settings

    before = pagecache.version_of("pages")
    settings.PAGE_CACHE_RETRY_SECONDS = 1
    caplog.set_level(logging.WARNING, logger="core.pagecache")
    with (
        override_settings(CACHES={**settings.CACHES, "pages": DOWN}),
        django_capture_on_commit_callbacks(execute=True),
    ):
        pagecache.tags_purge(tags=["pages"])
    assert "purge failed" in caplog.text
    deadline = time.monotonic() + 30
    while pagecache.version_of("pages") == before:
        assert time.monotonic() < deadline, "the retried purge never ran"
        time.sleep(0.1)
