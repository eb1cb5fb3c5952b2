"""The lesson player in Chromium: plays, advances, changes speed and quality."""

import pytest

from resources.models import LessonPage
from tests.browser.conftest import play_until
from tests.factories.media import transcoded_asset, with_videos

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lesson_with_video(tmp_path, demo):
    asset = transcoded_asset(
        tmp_path / "baduanjin.mp4", "八段锦第一式示范", size="640x360", seconds=12
    )
    return with_videos(
        LessonPage.objects.get(slug="first-four-moves"),
        asset,
        captions=("跟着老师做一遍",),
    )


def test_video_plays_and_changes_speed(lesson_with_video, visit):
    page = visit(lesson_with_video.url, "player")
    video = page.locator("[data-player] video")
    page.wait_for_function(
        "() => document.querySelector('[data-quality] [data-level]') !== null"
    )
    qualities = page.locator("[data-quality] option").all_inner_texts()
    assert "360p" in qualities and "仅声音（省流量）" in qualities

    play_until(page, 1, timeout=20_000)
    page.select_option("[data-speed]", "1.5")
    assert video.evaluate("v => v.playbackRate") == 1.5
    page.select_option("[data-quality]", label="仅声音（省流量）")
    before = video.evaluate("v => v.currentTime")
    page.wait_for_function(
        f"() => document.querySelector('[data-player] video').currentTime > {before}",
        timeout=20_000,
    )
    page.screenshot(path="var/screenshots/player-playing.png")


def test_audio_lesson_shows_its_waveform_and_caption_text(tmp_path, visit, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from media_pipeline.models import Caption

    asset = transcoded_asset(
        tmp_path / "talk.m4a", "防诈骗小讲座", size=None, seconds=8
    )
    assert asset.waveform.endswith("waveform.svg")
    srt = "1\n00:00:00,000 --> 00:00:08,000\n陌生电话让您转账，先挂断，再问家人。\n"
    caption = Caption(
        asset=asset, file=SimpleUploadedFile("talk.srt", srt.encode("utf-8"))
    )
    caption.full_clean()
    caption.save()
    lesson = LessonPage.objects.get(slug="first-four-moves")
    lesson.body = [("audio", {"asset": asset, "caption": "听一听"})]
    lesson.save_revision().publish()

    page = visit(lesson.url, "player-audio")
    assert page.locator(".player__waveform").evaluate("i => i.naturalWidth") > 0
    page.locator("[data-player] audio").evaluate(
        "a => { a.muted = true; a.play().catch(() => {}); }"
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-cue]').hidden", timeout=20_000
    )
    assert (
        page.locator("[data-cue]").inner_text()
        == "陌生电话让您转账，先挂断，再问家人。"
    )
    page.screenshot(path="var/screenshots/player-audio-playing.png")
