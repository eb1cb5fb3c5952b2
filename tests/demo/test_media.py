"""The demo's media lessons: clips made by the real ffmpeg and espeak-ng, read
back by ffprobe and the project's caption parser, and seeded through the
pipeline's services. `tests/browser/test_demo_media.py` has a real worker
transcode them and plays them on a phone."""

from __future__ import annotations

import json
import subprocess
import time
import wave

import pytest

from demo import media
from media_pipeline import captions
from media_pipeline.models import Caption, MediaAsset
from resources.models import LessonPage
from tests.factories.institutions import CoursePageFactory

VIDEO_CLIPS = [c for c in media.CLIPS if c.kind == MediaAsset.Kind.VIDEO]
AUDIO_CLIPS = [c for c in media.CLIPS if c.kind == MediaAsset.Kind.AUDIO]


def _probe(path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams",
         str(path)],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return json.loads(out.stdout)


def _cues(webvtt: str) -> list[captions.Cue]:
    """Through the same parser (and cleaner) as an uploaded caption file."""
    assert captions.to_webvtt(webvtt.encode("utf-8")) == webvtt
    return captions.parse(captions.decode(webvtt.encode("utf-8")))


def _assert_cues_fit(cues, clip, duration: float) -> None:
    assert [cue.text for cue in cues] == list(clip.sentences)
    assert cues[0].start >= 0
    for cue, following in zip(cues, cues[1:], strict=False):
        assert cue.start < cue.end <= following.start
    assert cues[-1].start < cues[-1].end <= duration


def test_the_demo_has_two_videos_and_one_audio_lesson_in_chinese():
    assert len(VIDEO_CLIPS) == 2 and len(AUDIO_CLIPS) == 1
    for clip in media.CLIPS:
        assert 3 <= len(clip.sentences) <= 5
        assert all("\u4e00" <= s[0] <= "\u9fff" for s in clip.sentences)


def test_espeak_voice_reads_han_characters_as_mandarin():
    """Debian 12's espeak-ng reads Han characters as English under plain `cmn`;
    the voice chosen must give Mandarin phonemes (tone numbers, no "(en)")."""
    found = media._espeak()
    assert found, "espeak-ng with a Mandarin voice is needed (scripts/bootstrap.sh)"
    binary, voice = found
    out = subprocess.run(
        [binary, "-v", voice, "-b", "1", "-q", "-x", media.CLIPS[0].sentences[0]],
        capture_output=True, text=True, timeout=30, check=True,
    ).stdout  # fmt: skip
    assert out.strip() and "(en)" not in out
    assert any(tone in out for tone in ("55", "35", "214", "51"))


@pytest.mark.parametrize("clip", VIDEO_CLIPS, ids=lambda c: c.slug)
def test_video_clip_has_picture_speech_and_matching_captions(clip, tmp_path):
    path, webvtt = media.clip_make(clip=clip, workdir=tmp_path)

    probed = _probe(path)
    streams = {s["codec_type"]: s for s in probed["streams"]}
    assert sorted(streams) == ["audio", "video"]
    assert streams["video"]["codec_name"] == "h264"
    assert (streams["video"]["width"], streams["video"]["height"]) == (640, 360)
    assert streams["audio"]["codec_name"] == "aac"
    duration = float(probed["format"]["duration"])
    assert 3 * len(clip.sentences) < duration <= 30
    _assert_cues_fit(_cues(webvtt), clip, duration)


@pytest.mark.parametrize("clip", AUDIO_CLIPS, ids=lambda c: c.slug)
def test_audio_clip_is_the_spoken_script_with_captions(clip, tmp_path):
    path, webvtt = media.clip_make(clip=clip, workdir=tmp_path)

    assert path.suffix == ".m4a"
    probed = _probe(path)
    assert [s["codec_type"] for s in probed["streams"]] == ["audio"]
    assert probed["streams"][0]["codec_name"] == "aac"
    duration = float(probed["format"]["duration"])
    assert 3 * len(clip.sentences) < duration <= 30
    _assert_cues_fit(_cues(webvtt), clip, duration)


def test_cue_times_come_from_each_sentences_spoken_length(tmp_path):
    clip = VIDEO_CLIPS[0]
    _, webvtt = media.clip_make(clip=clip, workdir=tmp_path / "clip")
    binary, voice = media._espeak()
    lengths = []
    for index, sentence in enumerate(clip.sentences):
        wav = tmp_path / f"{index}.wav"
        subprocess.run(
            [binary, "-v", voice, "-s", str(media.SPEECH_RATE), "-b", "1",
             "-w", str(wav), sentence],
            capture_output=True, timeout=30, check=True,
        )  # fmt: skip
        with wave.open(str(wav), "rb") as read:
            lengths.append(read.getnframes() / read.getframerate())
    cues = _cues(webvtt)
    assert [c.end - c.start for c in cues] == pytest.approx(lengths, abs=0.002)
    assert len({round(length, 1) for length in lengths}) > 1  # speech, not a tone


def test_without_espeak_a_tone_stands_in_and_captions_still_fit(tmp_path, monkeypatch):
    monkeypatch.setattr(media, "_espeak", lambda: None)
    clip = VIDEO_CLIPS[1]
    path, webvtt = media.clip_make(clip=clip, workdir=tmp_path)
    probed = _probe(path)
    assert {s["codec_type"] for s in probed["streams"]} == {"audio", "video"}
    _assert_cues_fit(_cues(webvtt), clip, float(probed["format"]["duration"]))


def test_all_clips_are_made_quickly(tmp_path):
    started = time.monotonic()
    for clip in media.CLIPS:
        media.clip_make(clip=clip, workdir=tmp_path)
    assert time.monotonic() - started < 30


def _courses(tree) -> dict[str, object]:
    """The three demo courses: two found by slug, one only by its title."""
    by_slug = {
        "fall-prevention": CoursePageFactory(
            parent=tree.townships[0], slug="fall-prevention", title="老年人防跌倒"
        ),
        "anti-fraud": CoursePageFactory(
            parent=tree.districts[0], slug="anti-fraud", title="防范电信网络诈骗"
        ),
        "fairy-lake-legends": CoursePageFactory(
            parent=tree.districts[1], slug="xiannvhu", title="仙女湖的传说与导游讲解"
        ),
    }
    CoursePageFactory(parent=tree.districts[1], slug="unrelated", title="茶艺入门")
    return by_slug


def _state() -> dict:
    return {
        "assets": sorted(MediaAsset.objects.values_list("pk", flat=True)),
        "captions": sorted(Caption.objects.values_list("pk", flat=True)),
        "lessons": sorted(LessonPage.objects.values_list("pk", flat=True)),
        "revisions": sum(p.revisions.count() for p in LessonPage.objects.all()),
    }


@pytest.mark.django_db
def test_seeding_twice_creates_the_media_lessons_once(city, monkeypatch):
    courses = _courses(city)

    lessons = media.demo_media_lessons_seed(city=city.city)

    assert len(lessons) == len(media.CLIPS)
    first = _state()
    assert len(first["assets"]) == len(first["captions"]) == len(media.CLIPS)
    for clip, lesson in zip(media.CLIPS, lessons, strict=True):
        lesson = LessonPage.objects.get(pk=lesson.pk)
        assert lesson.live and lesson.slug == clip.slug
        assert lesson.get_parent().pk == courses[clip.course_slug].pk
        block = lesson.body[0]
        assert block.block_type == clip.kind
        asset = block.value["asset"]
        assert asset.kind == clip.kind and asset.title == clip.asset_title
        assert asset.status == MediaAsset.Status.UPLOADED
        assert asset.file.storage.exists(asset.file.name)
        caption = asset.captions.get()
        assert caption.language == "zh-Hans"
        assert [c.text for c in captions.parse(caption.webvtt)] == list(clip.sentences)

    def no_new_clips(**kwargs):
        raise AssertionError("a second seed made a clip")

    monkeypatch.setattr(media, "clip_make", no_new_clips)
    again = media.demo_media_lessons_seed(city=city.city)
    assert [lesson.pk for lesson in again] == [lesson.pk for lesson in lessons]
    assert _state() == first


@pytest.mark.django_db
def test_clips_whose_course_is_missing_are_skipped(city):
    CoursePageFactory(parent=city.districts[0], slug="anti-fraud")
    lessons = media.demo_media_lessons_seed(city=city.city)
    assert [lesson.slug for lesson in lessons] == ["strange-calls-three-nos"]
    assert MediaAsset.objects.count() == 1
