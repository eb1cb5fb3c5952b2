"""Playlists served with signed segment URLs, and only to those allowed."""

from __future__ import annotations

import urllib.request

import pytest
from django.contrib.auth import get_user_model
from django.core.files import File

from media_pipeline.models import MediaAsset
from media_pipeline.views.playback import rewrite_playlist
from tests.factories.institutions import LessonPageFactory
from tests.media_pipeline.clips import make

pytestmark = pytest.mark.django_db


def _lesson_with(asset, parent, **kwargs):
    return LessonPageFactory(
        parent=parent,
        body=[("video", {"asset": asset, "caption": "跟着做"})],
        **kwargs,
    )


def test_public_lesson_plays_with_signed_segments(ready_asset, city, client):
    lesson = _lesson_with(ready_asset, city.villages[0])
    html = client.get(lesson.url).content.decode()
    assert f'data-src="/media-hls/{ready_asset.pk}/master.m3u8"' in html
    assert "vendor/hls.min.js" in html

    master = client.get(f"/media-hls/{ready_asset.pk}/master.m3u8")
    assert master.status_code == 200
    assert master["Content-Type"] == "application/vnd.apple.mpegurl"
    assert "240p/index.m3u8" in master.content.decode()

    variant = client.get(
        f"/media-hls/{ready_asset.pk}/240p/index.m3u8"
    ).content.decode()
    segments = [line for line in variant.splitlines() if line.startswith("http")]
    assert segments and all("X-Amz-Signature" in url for url in segments)
    for url in segments:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.read(4)[:1] == b"G"  # MPEG-TS sync byte
    unsigned = segments[0].split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310
    assert error.value.code == 403


def test_unpublished_lesson_media_is_hidden_from_strangers(ready_asset, city, client):
    lesson = _lesson_with(ready_asset, city.villages[0])
    lesson.unpublish()
    assert client.get(f"/media-hls/{ready_asset.pk}/master.m3u8").status_code == 404
    stranger = get_user_model().objects.create_user("stranger")
    client.force_login(stranger)
    assert client.get(f"/media-hls/{ready_asset.pk}/master.m3u8").status_code == 404


def test_playlist_paths_are_whitelisted(ready_asset, city, client):
    _lesson_with(ready_asset, city.villages[0])
    for path in ("../../secret.m3u8", "240p/seg_0000.ts", "master.m3u8.bak"):
        assert client.get(f"/media-hls/{ready_asset.pk}/{path}").status_code == 404


def test_asset_still_processing_shows_progress(city, client, tmp_path):
    path = make(tmp_path / "lesson.mp4", size="320x240", seconds=2)
    with path.open("rb") as fh:
        asset = MediaAsset(title="处理中", file=File(fh, name="lesson.mp4"))
        asset.full_clean()
        asset.save()
    MediaAsset.objects.filter(pk=asset.pk).update(
        status=MediaAsset.Status.PROCESSING, progress=42
    )
    lesson = _lesson_with(asset, city.villages[0])
    assert "视频正在处理中（42%）" in client.get(lesson.url).content.decode()


def test_rewrite_touches_only_segment_lines():
    text = "#EXTM3U\n#EXTINF:4.0,\nseg_0000.ts\n#EXT-X-ENDLIST"
    out = rewrite_playlist(text, segment_url=lambda name: f"https://cdn/{name}?sig")
    assert out.splitlines() == [
        "#EXTM3U",
        "#EXTINF:4.0,",
        "https://cdn/seg_0000.ts?sig",
        "#EXT-X-ENDLIST",
    ]


def _staff_of(page, name):
    from institutions.services import institution_group_sync

    user = get_user_model().objects.create_user(name, password="x")
    user.groups.add(institution_group_sync(page=page))
    return user


def _master(client, asset) -> int:
    return client.get(f"/media-hls/{asset.pk}/master.m3u8").status_code


def test_unpublished_media_plays_only_for_staff_whose_scope_covers_it(
    ready_asset, city, client
):
    """Another district's staff, refused the page, are refused its video too;
    the township's teacher, who may edit the lesson, previews it."""
    from institutions.selectors import institution_collection

    ready_asset.collection = institution_collection(page=city.townships[0])
    ready_asset.save(update_fields=["collection"])
    lesson = _lesson_with(ready_asset, city.villages[0])
    lesson.unpublish()
    client.force_login(_staff_of(city.districts[1], "other-district"))
    assert _master(client, ready_asset) == 404
    client.force_login(_staff_of(city.townships[2], "other-township"))
    assert _master(client, ready_asset) == 404
    client.force_login(_staff_of(city.townships[0], "own-teacher"))
    assert _master(client, ready_asset) == 200


def test_restricted_lesson_media_follows_the_page(ready_asset, city, client):
    """Signed-in-only lessons play for residents who signed in; a lesson
    for one group's members plays only for them."""
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    lesson = _lesson_with(ready_asset, city.villages[0])
    restriction = PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.LOGIN
    )
    assert _master(client, ready_asset) == 404
    resident = get_user_model().objects.create_user("resident", password="x")
    client.force_login(resident)
    assert client.get(lesson.url).status_code == 200
    assert _master(client, ready_asset) == 200
    assert client.get(f"/media-hls/{ready_asset.pk}/thumbnails.vtt").status_code in (
        200,
        404,  # no sprite for a 3-second clip; never a leak either way
    )

    members = Group.objects.create(name="太极队")
    restriction.restriction_type = PageViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set([members])
    assert client.get(lesson.url).status_code != 200
    assert _master(client, ready_asset) == 404
    resident.groups.add(members)
    assert _master(client, ready_asset) == 200
