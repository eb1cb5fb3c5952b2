"""Through the front door (#18): nginx as deployed (deploy/nginx) in front of
a real gunicorn, on a phone.

A resident opens the home page (stored, then served from the page cache);
the district editor publishes a change and the very next view shows it; the
resident signs in and plays a lesson only signed-in residents may see, its
files read by nginx with the asset's credential; after signing out, the same
playlist URL is refused.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from wagtail.models import PageViewRestriction

from deploy.local import front_door
from resources.models import LessonPage
from tests.browser.conftest import SCREENSHOTS, axe_violations, play_until, sign_in
from tests.factories.media import transcoded_asset, with_videos

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def door(tmp_path, demo):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "PAGE_CACHE_ENABLED": "1",
        "SECRET_KEY": settings.SECRET_KEY,
        "MEDIA_HLS_SECRET": settings.MEDIA_HLS_SECRET or settings.SECRET_KEY,
    }
    base = env["DATABASE_URL"].rsplit("/", 1)[0]
    env["DATABASE_URL"] = f"{base}/{connection.settings_dict['NAME']}"
    with front_door(tmp_path / "front-door", env) as running:
        yield running


@pytest.fixture
def members_lesson(tmp_path, demo):
    """A lesson with a video that only signed-in residents may watch."""
    asset = transcoded_asset(
        tmp_path / "members.mp4", "社区会员课示范", size="640x360", seconds=12
    )
    lesson = with_videos(
        LessonPage.objects.get(slug="first-four-moves"), asset, captions=("会员课",)
    )
    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.LOGIN
    )
    return lesson, asset


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_front_door_serves_stored_fresh_and_protected_pages(
    door, members_lesson, phone
):
    lesson, asset = members_lesson

    # A cached page: the second view comes from the page cache.
    first = phone.goto(door.url + "/")
    assert first.status == 200 and first.headers.get("x-page-cache") == "miss"
    second = phone.goto(door.url + "/")
    assert second.headers.get("x-page-cache") == "hit"
    assert not axe_violations(phone)
    _shot(phone, "front-door-home")

    # A fresh page right after publishing: the district editor renames a
    # course; the next view through the front door shows the new title.
    course = lesson.get_parent().specific
    phone.goto(door.url + course.url)
    assert phone.goto(door.url + course.url).headers.get("x-page-cache") == "hit"
    editor = User.objects.get(username="district_editor")
    course.title = "八段锦（新版）"
    course.save_revision(user=editor).publish(user=editor)
    fresh = phone.goto(door.url + course.url)
    assert fresh.headers.get("x-page-cache") == "miss"
    assert phone.locator("h1").inner_text() == "八段锦（新版）"

    # The members' lesson: refused to a visitor, playing once signed in.
    assert phone.goto(door.url + f"/media-hls/{asset.pk}/master.m3u8").status == 404
    sign_in(phone, SimpleNamespace(url=door.url), "resident")
    segments, playlists = [], []

    def seen(response) -> None:
        if "/hls/" not in response.url:
            return
        if response.url.endswith(".ts"):
            segments.append((response.status, response.headers.get("x-hls-from")))
        elif response.url.endswith("index.m3u8"):
            playlists.append(response.url)

    phone.on("response", seen)
    phone.goto(door.url + lesson.url)
    play_until(phone, 2)
    _shot(phone, "front-door-members-lesson")
    assert segments and all(status == 200 for status, _ in segments)
    # The segments came from nginx (its copy, or the bucket), not Python.
    assert all(source in ("disk", "bucket") for _, source in segments)
    assert playlists

    # Signed out, the very same playlist URL is refused.
    phone.goto(door.url + "/me/")
    with phone.expect_navigation():
        phone.locator("form[action='/accounts/logout/'] button").click()
    again = phone.request.get(playlists[0])
    assert again.status == 403 and again.body() == b"forbidden\n"  # no media
