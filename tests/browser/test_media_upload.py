"""A teacher uploads a video in the Wagtail admin (resumably, with progress),
adds captions, waits for "ready", and a resident plays it on a phone: time
advances, speed and captions switch."""

from __future__ import annotations

import time

import pytest

from media_pipeline.models import MediaAsset
from resources.models import LessonPage
from tests.browser.conftest import SCREENSHOTS, sign_in_admin
from tests.media_pipeline.clips import make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SRT = """1
00:00:00,000 --> 00:00:06,000
两脚分开与肩同宽，双手慢慢上举

2
00:00:06,000 --> 00:00:12,000
吸气，托天，呼气，放下
"""


def _wait_until_ready(title: str, seconds: int = 180) -> MediaAsset:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        asset = MediaAsset.objects.filter(title=title).first()
        if asset and asset.status in ("ready", "failed"):
            return asset
        time.sleep(1)
    raise AssertionError(f"{title} not ready after {seconds}s")


def test_admin_upload_to_captioned_playback(
    phone, live_server, visit, media_worker, tmp_path, demo
):
    video = make(tmp_path / "baduanjin-move1.mp4", size="640x360", seconds=12)
    captions = tmp_path / "baduanjin.srt"
    captions.write_bytes(SRT.encode("gbk"))

    sign_in_admin(phone, live_server, "township_teacher")
    phone.goto(live_server.url + "/admin/snippets/media_pipeline/mediaasset/add/")
    phone.fill("#id_title", "八段锦·两手托天理三焦")
    phone.set_input_files("#id_file", str(video))
    phone.wait_for_function(
        "() => document.querySelector('[data-resumable-token]').value.length > 0",
        timeout=60_000,
    )
    status = phone.locator("[data-resumable-text]").inner_text()
    assert "上传完成" in status and "baduanjin-move1.mp4" in status
    assert phone.locator("[data-resumable-bar]").evaluate("b => b.value") == 100
    phone.click("#id_captions-ADD")
    phone.select_option("#id_captions-0-language", "zh-Hans")
    phone.set_input_files("#id_captions-0-file", str(captions))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "admin-upload-done.png"), full_page=True)
    phone.locator("footer button[type=submit]").first.click()
    phone.wait_for_url("**/admin/snippets/media_pipeline/mediaasset/")

    asset = _wait_until_ready("八段锦·两手托天理三焦")
    assert asset.status == "ready", asset.failure_detail
    assert asset.uploaded_by.username == "township_teacher"
    assert (
        asset.collection.institution_link.page.content_type.model
        == "townshipschoolpage"
    )
    assert asset.captions.get().webvtt.startswith("WEBVTT")
    phone.reload()
    phone.screenshot(path=str(SCREENSHOTS / "admin-media-listing.png"), full_page=True)

    lesson = LessonPage.objects.get(slug="first-four-moves")
    lesson.body = [("video", {"asset": asset, "caption": "跟着老师做一遍"}), *[
        (block.block_type, block.value) for block in lesson.body
    ]]  # fmt: skip
    lesson.save_revision().publish()

    page = visit(lesson.url, "player-captions")
    player = page.locator("[data-player] video")
    assert player.get_attribute("poster")
    page.wait_for_function(
        "() => document.querySelector('[data-quality] [data-level]') !== null"
    )
    assert page.locator("[data-captions]").evaluate("s => s.value") == "zh-Hans"
    player.evaluate("v => { v.muted = true; v.play().catch(() => {}); }")
    page.wait_for_function(
        "() => document.querySelector('[data-player] video').currentTime > 1.5",
        timeout=30_000,
    )
    page.wait_for_function(
        """() => {
          const t = document.querySelector('[data-player] video').textTracks[0];
          return t.mode === 'showing' && t.activeCues && t.activeCues.length > 0;
        }""",
        timeout=10_000,
    )
    cue = player.evaluate("v => v.textTracks[0].activeCues[0].text")
    assert cue == "两脚分开与肩同宽，双手慢慢上举"
    page.select_option("[data-speed]", "1.5")
    assert player.evaluate("v => v.playbackRate") == 1.5
    player.evaluate("v => v.pause()")
    page.screenshot(path=str(SCREENSHOTS / "player-captions-showing.png"))

    page.select_option("[data-captions]", "")
    assert player.evaluate("v => v.textTracks[0].mode") == "disabled"
    before = player.evaluate("v => v.currentTime")
    player.evaluate("v => v.play().catch(() => {})")
    page.wait_for_function(
        f"() => document.querySelector('[data-player] video').currentTime > {before}",
        timeout=20_000,
    )
    # Paused, its last progress batch answered: nothing is left in flight
    # when the test's tables are flushed.
    with page.expect_response(
        lambda r: "/progress/" in r.url and r.request.method == "POST"
    ):
        player.evaluate("v => v.pause()")
