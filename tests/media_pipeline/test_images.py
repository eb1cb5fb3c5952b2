"""Poster, sprite and waveform planning: pure functions, no ffmpeg."""

from __future__ import annotations

import math

from media_pipeline import images
from media_pipeline.profiles import LADDER, Rung


def test_thumbnail_cues_cover_the_whole_clip_and_point_into_sheets():
    plan = images.plan_sprites(250.0, (1920, 1080))
    assert plan.interval == 2.0 and (plan.width, plan.height) == (160, 90)
    vtt = images.thumbnails_vtt(plan, 250.0)
    cues = [line for line in vtt.splitlines() if "-->" in line]
    assert len(cues) == 125
    assert cues[0] == "00:00:00.000 --> 00:00:02.000"
    assert cues[-1] == "00:04:08.000 --> 00:04:10.000"
    refs = [line for line in vtt.splitlines() if "#xywh=" in line]
    assert refs[0] == "sprite_001.jpg#xywh=0,0,160,90"
    assert refs[11] == "sprite_001.jpg#xywh=160,90,160,90"
    assert refs[100] == "sprite_002.jpg#xywh=0,0,160,90"


def test_long_recordings_keep_at_most_200_thumbnails():
    plan = images.plan_sprites(4 * 3600.0, (360, 640))
    assert math.ceil(4 * 3600 / plan.interval) <= images.MAX_THUMBNAILS
    assert (plan.width, plan.height) == (90, 160)


def test_poster_is_taken_a_little_way_in_at_most_720p():
    assert images.poster_time(5.0) == 0.5
    assert images.poster_time(3600.0) == 30.0
    rungs = tuple(Rung(p, p.short_side * 16 // 9, p.short_side) for p in LADDER)
    assert images.poster_rung(rungs).profile.short_side == 720
    assert images.poster_rung(rungs[-1:]).profile.short_side == 240


def test_peaks_parse_silence_and_clip_to_one(tmp_path):
    path = tmp_path / "peaks.txt"
    path.write_text(
        "frame:0 pts:0\nlavfi.astats.Overall.Peak_level=-inf\n"
        "frame:1 pts:9\nlavfi.astats.Overall.Peak_level=-6.0206\n"
        "frame:2 pts:18\nlavfi.astats.Overall.Peak_level=3.0\n"
    )
    peaks = images.read_peaks(path)
    assert peaks[0] == 0.0 and abs(peaks[1] - 0.5) < 0.001 and peaks[2] == 1.0
    svg = images.waveform_svg(peaks)
    assert svg.startswith("<svg") and 'viewBox="0 0 3 120"' in svg
