"""Playlists and their files, served with one credential per asset, and only
to those allowed (#18)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files import File
from django.test import Client

from media_pipeline.models import MediaAsset
from media_pipeline.views.playback import rewrite_master
from tests.factories.institutions import LessonPageFactory
from tests.media_pipeline.clips import make

pytestmark = pytest.mark.django_db


def _lesson_with(asset, parent, **kwargs):
    return LessonPageFactory(
        parent=parent,
        body=[("video", {"asset": asset, "caption": "跟着做"})],
        **kwargs,
    )


def _variant_urls(master: str) -> list[str]:
    return [line for line in master.splitlines() if line.startswith("/hls/")]


def test_public_lesson_plays_with_one_credential_for_all_its_files(
    ready_asset, city, client
):
    """The master hands out the asset's credential and points at the stored
    variant playlists under /hls/; those and their segments are the files
    as they are, each read with the credential and refused without it."""
    lesson = _lesson_with(ready_asset, city.villages[0])
    html = client.get(lesson.url).content.decode()
    assert f'data-src="/media-hls/{ready_asset.pk}/master.m3u8"' in html
    assert "vendor/hls.min.js" in html

    master = client.get(f"/media-hls/{ready_asset.pk}/master.m3u8")
    assert master.status_code == 200
    assert master["Content-Type"] == "application/vnd.apple.mpegurl"
    assert master["Cache-Control"] == "private, no-store"
    assert master.cookies["hls_t"]["path"] == f"/hls/{ready_asset.pk}/"
    assert master.cookies["hls_t"]["httponly"]
    variants = _variant_urls(master.content.decode())
    assert any(url.endswith("/240p/index.m3u8") for url in variants)

    variant = client.get(next(u for u in variants if "/240p/" in u))
    assert variant.status_code == 200
    text = b"".join(variant.streaming_content).decode()
    stored = (
        ready_asset.file.storage.open(
            ready_asset.hls_master.replace("master.m3u8", "240p/index.m3u8")
        )
        .read()
        .decode()
    )
    assert text == stored  # unchanged: relative segment names, no signatures
    segments = [line for line in text.splitlines() if line.endswith(".ts")]
    assert segments and not any("/" in line or "?" in line for line in segments)
    folder = next(u for u in variants if "/240p/" in u).rsplit("/", 1)[0]
    for name in segments:
        response = client.get(f"{folder}/{name}")
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:1] == b"G"  # MPEG-TS sync

    refused = Client().get(f"{folder}/{segments[0]}")
    assert refused.status_code == 403 and refused.content == b""


def test_a_credential_opens_only_its_own_asset(ready_asset, city, client):
    _lesson_with(ready_asset, city.villages[0])
    master = client.get(f"/media-hls/{ready_asset.pk}/master.m3u8").content.decode()
    own = _variant_urls(master)[0]
    other = own.replace(f"/hls/{ready_asset.pk}/", f"/hls/{ready_asset.pk + 1}/", 1)
    # The cookies are scoped to the asset's folder, and the token names it.
    client.cookies["hls_t"]["path"] = "/"
    client.cookies["hls_e"]["path"] = "/"
    assert client.get(other).status_code == 403


def test_an_expired_or_forged_credential_is_refused(ready_asset, city, client):
    import time

    from media_pipeline.credentials import token_for

    _lesson_with(ready_asset, city.villages[0])
    master = client.get(f"/media-hls/{ready_asset.pk}/master.m3u8").content.decode()
    url = _variant_urls(master)[0]
    past = int(time.time()) - 1
    client.cookies["hls_e"] = str(past)
    client.cookies["hls_t"] = token_for(
        asset_id=ready_asset.pk, expires=past, session=""
    )
    assert client.get(url).status_code == 403
    for expires, token in (("12a", "x"), ("-5", "x"), ("9" * 40, "x"), ("", "")):
        client.cookies["hls_e"] = expires
        client.cookies["hls_t"] = token
        assert client.get(url).status_code == 403


def test_signing_out_refuses_the_same_playlist_url(ready_asset, city, client):
    from wagtail.models import PageViewRestriction

    lesson = _lesson_with(ready_asset, city.villages[0])
    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(get_user_model().objects.create_user("resident"))
    master = client.get(f"/media-hls/{ready_asset.pk}/master.m3u8")
    url = _variant_urls(master.content.decode())[0]
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 403
    assert client.get(f"/media-hls/{ready_asset.pk}/master.m3u8").status_code == 404


def test_the_sound_only_choice_goes_through_the_credential(ready_asset, city, client):
    _lesson_with(ready_asset, city.villages[0])
    response = client.get(f"/media-hls/{ready_asset.pk}/240p/index.m3u8")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/hls/{ready_asset.pk}/")
    assert "hls_t" in response.cookies
    assert client.get(response["Location"]).status_code == 200


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


def test_rewrite_touches_only_variant_lines():
    text = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n240p/index.m3u8\n#EXT-X-ENDLIST"
    out = rewrite_master(text, variant_url=lambda line: f"/hls/1/ab/{line}")
    assert out.splitlines() == [
        "#EXTM3U",
        "#EXT-X-STREAM-INF:BANDWIDTH=1",
        "/hls/1/ab/240p/index.m3u8",
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
