"""The demo shows the main job: its own video and audio lessons, made at seed
time, go through the real pipeline (a Celery worker through Redis, ffmpeg, S3)
and play on a phone with Chinese captions, the audio with its waveform."""

from __future__ import annotations

import time

import pytest

from demo import media
from media_pipeline.models import MediaAsset
from resources.models import LessonPage
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _until_processed(pks: list[int], seconds: int = 240) -> None:
    done = (MediaAsset.Status.READY, MediaAsset.Status.FAILED)
    deadline = time.monotonic() + seconds
    while MediaAsset.objects.filter(pk__in=pks).exclude(status__in=done).exists():
        assert time.monotonic() < deadline, "the worker did not finish the demo media"
        time.sleep(0.5)


def test_demo_video_plays_with_captions_and_audio_shows_its_waveform(
    demo, media_worker, visit, client
):
    lessons = media.demo_media_lessons_seed(city=demo)
    assets = {lesson.slug: lesson.body[0].value["asset"].pk for lesson in lessons}
    _until_processed(list(assets.values()))
    for clip in media.CLIPS:
        pk = assets[clip.slug]
        asset = MediaAsset.objects.get(pk=pk)
        assert asset.status == MediaAsset.Status.READY, asset.failure_detail
        assert asset.hls_master and asset.duration <= 30
        if clip.kind == MediaAsset.Kind.VIDEO:
            assert (asset.width, asset.height) == (640, 360) and asset.poster
        else:
            assert asset.waveform
        lesson = LessonPage.objects.get(slug=clip.slug)
        html = client.get(lesson.url).content.decode()
        assert f'data-src="/media-hls/{pk}/master.m3u8"' in html
        assert f'src="/media-hls/{pk}/captions/zh-Hans.vtt"' in html
        master = client.get(f"/media-hls/{pk}/master.m3u8").content.decode()
        assert "TYPE=SUBTITLES" in master
        track = client.get(f"/media-hls/{pk}/captions/zh-Hans.vtt").content.decode()
        assert clip.sentences[0] in track

    video_clip = next(c for c in media.CLIPS if c.kind == "video")
    video = LessonPage.objects.get(slug=video_clip.slug)
    page = visit(video.url, "demo-video-lesson")
    player = page.locator("[data-player] video")
    assert player.get_attribute("poster")
    assert page.locator("[data-captions]").evaluate("s => s.value") == "zh-Hans"
    player.evaluate("v => { v.muted = true; v.play().catch(() => {}); }")
    page.wait_for_function(
        """() => {
          const t = document.querySelector('[data-player] video').textTracks[0];
          return t && t.mode === 'showing' && t.activeCues
            && t.activeCues.length > 0;
        }""",
        timeout=30_000,
    )
    cue = player.evaluate("v => v.textTracks[0].activeCues[0].text")
    assert cue in video_clip.sentences
    player.evaluate("v => v.pause()")
    page.screenshot(path=str(SCREENSHOTS / "demo-video-captions-showing.png"))

    audio_clip = next(c for c in media.CLIPS if c.kind == "audio")
    audio = LessonPage.objects.get(slug=audio_clip.slug)
    page = visit(audio.url, "demo-audio-lesson")
    assert page.locator(".player__waveform").evaluate("i => i.naturalWidth") > 0
    page.locator("[data-player] audio").evaluate(
        "a => { a.muted = true; a.play().catch(() => {}); }"
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-cue]').hidden", timeout=30_000
    )
    assert page.locator("[data-cue]").inner_text() in audio_clip.sentences
    page.screenshot(path=str(SCREENSHOTS / "demo-audio-playing.png"))
