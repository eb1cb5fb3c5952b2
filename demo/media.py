"""Demo video and audio micro-lessons, made on this machine while seeding.

The demo should show the media pipeline working end to end: an upload record,
ffprobe, the single-run transcode, HLS with captions, and the player. That
needs real media files, but the repository ships none (binary blobs bloat every
clone and would need their own licence) and seeding never downloads anything.
So the clips are generated here from what any machine that runs the pipeline
already has: ffmpeg draws each sentence of a short Chinese script on a coloured
background, and espeak-ng reads it aloud in Mandarin. Every cue's timing comes
from the real length of its spoken sentence, so the captions match the sound.
Without espeak-ng a quiet tone stands in for the voice and seeding still works;
without a CJK font the picture is plain and the captions still carry the text.

The files then enter exactly as an upload does: `media_asset_create` stores
the original, the Chinese caption is attached, and the transcode is queued
after commit for the Celery worker.
"""

from __future__ import annotations

import array
import functools
import logging
import math
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape
from wagtail.rich_text import RichText

from institutions.selectors import institution_collection
from media_pipeline import captions
from media_pipeline import ffmpeg as ffmpeg_runner
from media_pipeline.models import Caption, MediaAsset
from media_pipeline.services import media_asset_create, media_asset_enqueue
from resources.models import ContributorRole, CoursePage, LessonContributor, LessonPage

logger = logging.getLogger(__name__)

WIDTH, HEIGHT, FPS = 640, 360, 25
# Mandarin at espeak-ng's default rate is about 3.5 characters a second.
SPEECH_RATE = 170
LEAD_IN = 0.4  # seconds of silence before the first sentence
GAP = 0.5  # between sentences
TAIL = 0.8  # after the last one
MIN_ON_SCREEN = 3.0  # a short sentence still stays long enough to read
TONE_SECONDS_PER_CHARACTER = 0.28  # stand-in length when there is no voice
TONE_HZ = 440
TONE_LEVEL = 0.04  # of full scale: quiet
SUBPROCESS_TIMEOUT = 30
FFMPEG_TIMEOUT = 120
CAPTION_LANGUAGE = Caption.Language.CHINESE  # "zh-Hans"
FONT_FAMILY = "Noto Sans CJK SC"
FONT_FALLBACKS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
# espeak-ng 1.51 (Debian 12) speaks Han characters as English words under the
# plain `cmn` voice ("hao2" read as "hao two", espeak-ng issue #1236); the
# pinyin variant reads them correctly there and in later releases.
VOICES = ("cmn-latn-pinyin", "cmn")


@dataclass(frozen=True)
class DemoClip:
    """One demo micro-lesson: its course, its page and its spoken script."""

    slug: str
    kind: str  # MediaAsset.Kind: "video" or "audio"
    course_slug: str
    course_title: str
    title: str
    summary: str
    sentences: tuple[str, ...]  # each one is spoken, shown and a caption cue
    points: tuple[str, ...]
    colour: str = "0x2e6b5e"
    unit: str = ""

    @property
    def asset_title(self) -> str:
        return f"演示微课：{self.title}"

    @property
    def filename(self) -> str:
        return f"{self.slug}.{'mp4' if self.kind == MediaAsset.Kind.VIDEO else 'm4a'}"


CLIPS: tuple[DemoClip, ...] = (
    DemoClip(
        slug="get-up-in-three-steps",
        kind=MediaAsset.Kind.VIDEO,
        course_slug="fall-prevention",
        course_title="老年人防跌倒",
        title="起床三步走",
        summary="醒来先躺、再坐、后站，每一步停半分钟，头不晕、腿不软。",
        sentences=(
            "早上醒来别急着下床，先在床上躺半分钟。",
            "再慢慢坐起来，双脚踩稳地面，坐半分钟。",
            "然后扶着床边站起来，站稳了再迈步。",
            "卫生间铺上防滑垫，夜里留一盏小夜灯。",
        ),
        points=("躺半分钟", "坐半分钟", "站稳再走", "防滑垫和小夜灯"),
        colour="0x2e6b5e",
    ),
    DemoClip(
        slug="strange-calls-three-nos",
        kind=MediaAsset.Kind.VIDEO,
        course_slug="anti-fraud",
        course_title="防范电信网络诈骗",
        title="陌生来电记住“三不”",
        summary="自称公检法要您转账的电话，一律是诈骗。",
        sentences=(
            "接到自称公检法的电话，先别慌张。",
            "公安机关不会在电话里办案，更没有安全账户。",
            "不转账，不说验证码，不点陌生链接。",
            "拿不准的时候，挂断电话，找家人或民警核实。",
        ),
        points=("不转账", "不说验证码", "不点陌生链接", "挂断后核实"),
        colour="0x7a2e2e",
        unit="第一单元 常见骗局",
    ),
    DemoClip(
        slug="fairy-lake-feather-robe",
        kind=MediaAsset.Kind.AUDIO,
        course_slug="fairy-lake-legends",
        course_title="仙女湖的传说与导游讲解",
        title="毛衣女的故事",
        summary="《搜神记》里新喻男子与仙女的故事，导游讲给您听。",
        sentences=(
            "仙女湖在新余城西，湖光山色，岛屿星罗棋布。",
            "东晋的《搜神记》里，记着新喻男子遇见仙女的故事。",
            "他藏起一件羽衣，留下了一位仙女，两人结为夫妻。",
            "下次来仙女湖，不妨请导游讲讲这段传说。",
        ),
        points=("仙女湖在新余城西", "故事出自《搜神记》", "新喻是新余的古称"),
    ),
)


# Tools on this machine, looked up once per process.


@functools.cache
def _espeak() -> tuple[str, str] | None:
    """espeak-ng's path and its Mandarin voice, or None (warned once)."""
    binary = shutil.which("espeak-ng")
    if binary is None:
        logger.warning(
            "espeak-ng 未安装，演示音视频用提示音代替语音。/ espeak-ng is missing: "
            "the demo clips get a quiet tone instead of speech "
            "(apt-get install espeak-ng)."
        )
        return None
    try:
        listed = subprocess.run(  # noqa: S603 - argv list, no shell
            [binary, "--voices=cmn"],
            capture_output=True,
            text=True,
            timeout=SUBPROCESS_TIMEOUT,
            stdin=subprocess.DEVNULL,
            check=False,
        ).stdout.split()
    except (subprocess.SubprocessError, OSError):
        listed = []
    voice = next((v for v in VOICES if v in listed), None)
    if voice is None:
        logger.warning(
            "espeak-ng 没有普通话语音，演示音视频用提示音代替。/ espeak-ng has no "
            "Mandarin voice: the demo clips get a quiet tone instead of speech."
        )
        return None
    return binary, voice


@functools.cache
def _font_file() -> str | None:
    """A font with Simplified Chinese glyphs, or None (warned once)."""
    fc_match = shutil.which("fc-match")
    found = ""
    if fc_match:
        try:
            found = subprocess.run(  # noqa: S603 - argv list, no shell
                [fc_match, "-f", "%{file}\n%{lang}", f"{FONT_FAMILY}:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=SUBPROCESS_TIMEOUT,
                stdin=subprocess.DEVNULL,
                check=False,
            ).stdout
        except (subprocess.SubprocessError, OSError):
            found = ""
    if found:
        path, _, langs = found.partition("\n")
        # fc-match always answers; only a font that covers Chinese will do.
        if "zh-cn" in langs.split("|") and Path(path).is_file():
            return path
    for path in FONT_FALLBACKS:
        if Path(path).is_file():
            return path
    logger.warning(
        "找不到中文字体，演示视频不显示文字（字幕照常）。/ No CJK font (fonts-noto-cjk): "
        "the demo videos show no text; their captions still do."
    )
    return None


# Sound: one WAV of every sentence, and where each sentence sits in it.


@dataclass(frozen=True)
class _Segment:
    text: str
    start: float  # shown and spoken from here
    spoken: float  # seconds of speech (the caption cue)
    shown: float  # seconds on screen, up to the next sentence


def _speak(*, text: str, path: Path) -> Path | None:
    found = _espeak()
    if found is None:
        return None
    binary, voice = found
    script = path.with_suffix(".txt")
    script.write_text(text, encoding="utf-8")
    try:
        subprocess.run(  # noqa: S603 - argv list, no shell
            [binary, "-v", voice, "-s", str(SPEECH_RATE), "-b", "1",
             "-f", str(script), "-w", str(path)],
            check=True, capture_output=True, timeout=SUBPROCESS_TIMEOUT,
            stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except (subprocess.SubprocessError, OSError) as error:
        logger.warning("espeak-ng failed (%s): a tone stands in for %r", error, text)
        return None
    return path


def _tone(*, seconds: float, rate: int) -> bytes:
    """A quiet sine with short fades, as 16-bit mono PCM."""
    count = int(seconds * rate)
    fade = max(1, int(0.05 * rate))
    peak = TONE_LEVEL * 32767
    samples = array.array(
        "h",
        (
            int(
                peak
                * min(1.0, i / fade, (count - i) / fade)
                * math.sin(2 * math.pi * TONE_HZ * i / rate)
            )
            for i in range(count)
        ),
    )
    return samples.tobytes()


def _speech_make(*, sentences: tuple[str, ...], workdir: Path) -> tuple[Path, list]:
    """The whole soundtrack as one WAV, with each sentence's place in it."""
    pieces: list[bytes] = []
    params = None
    for index, text in enumerate(sentences):
        spoken = _speak(text=text, path=workdir / f"sentence-{index}.wav")
        if spoken is None:
            rate = params[2] if params else 22_050
            params = params or (1, 2, rate)
            seconds = min(5.5, max(2.5, TONE_SECONDS_PER_CHARACTER * len(text)))
            pieces.append(_tone(seconds=seconds, rate=rate))
            continue
        with wave.open(str(spoken), "rb") as wav:
            these = (wav.getnchannels(), wav.getsampwidth(), wav.getframerate())
            if params and these != params:
                raise ValueError(f"espeak-ng changed its output format: {these}")
            params = these
            pieces.append(wav.readframes(wav.getnframes()))
    channels, width, rate = params

    def seconds_of(data: bytes) -> float:
        return len(data) / (channels * width * rate)

    def silence(seconds: float) -> bytes:
        return bytes(int(seconds * rate) * channels * width)

    timeline, out, at = [], [silence(LEAD_IN)], LEAD_IN
    for index, (text, piece) in enumerate(zip(sentences, pieces, strict=True)):
        spoken = seconds_of(piece)
        # The last sentence stays up through the tail instead of a gap.
        shown = max(spoken, MIN_ON_SCREEN) + (GAP if index < len(pieces) - 1 else 0)
        timeline.append(_Segment(text=text, start=at, spoken=spoken, shown=shown))
        out += [piece, silence(shown - spoken)]
        at += shown
    out.append(silence(TAIL))
    soundtrack = workdir / "soundtrack.wav"
    with wave.open(str(soundtrack), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(b"".join(out))
    return soundtrack, timeline


def _total(timeline: list[_Segment]) -> float:
    return timeline[-1].start + timeline[-1].shown + TAIL


def _webvtt(timeline: list[_Segment]) -> str:
    # Rounded to the millisecond the way WebVTT writes them, end before start
    # of the next (the gap keeps them apart).
    cues = [
        captions.Cue(
            round(seg.start, 3), round(seg.start + seg.spoken, 3), text=seg.text
        )
        for seg in timeline
    ]
    return captions.render(cues)


# Picture: the sentences drawn over a plain background.


def _filter_value(value: str) -> str:
    """Escape a filter option value for both of ffmpeg's parsing levels."""
    for level in ("\\:'", "\\'[],;"):
        for character in level:
            value = value.replace(character, "\\" + character)
    return value


def _drawtext(*, font: str, textfile: Path, options: str) -> str:
    return (
        f"drawtext=fontfile={_filter_value(font)}"
        f":textfile={_filter_value(str(textfile))}:expansion=none"
        f":fontcolor=white:{options}"
    )


def _picture_filter(*, clip: DemoClip, timeline: list, workdir: Path) -> str:
    font = _font_file()
    band = "drawbox=x=0:y=0:w=iw:h=56:color=black@0.25:t=fill"
    if font is None:
        return band
    title = workdir / "title.txt"
    title.write_text(f"{clip.course_title} · {clip.title}", encoding="utf-8")
    brand = workdir / "brand.txt"
    brand.write_text("社区学习超市 · 演示微课", encoding="utf-8")
    parts = [
        band,
        _drawtext(font=font, textfile=title, options="fontsize=26:x=24:y=13"),
        _drawtext(
            font=font,
            textfile=brand,
            options="fontsize=16:alpha=0.7:x=w-text_w-16:y=h-text_h-14",
        ),
    ]
    # The picture shows each sentence's key point near the top; the sentence
    # itself is the caption, which players draw over the lower half, so the
    # two never sit on top of each other.
    for index, seg in enumerate(timeline):
        if index >= len(clip.points):
            break
        textfile = workdir / f"sentence-{index}.screen.txt"
        textfile.write_text(clip.points[index], encoding="utf-8")
        last = index == len(timeline) - 1
        until = _total(timeline) if last else seg.start + seg.shown
        parts.append(
            _drawtext(
                font=font,
                textfile=textfile,
                options=(
                    "fontsize=40:x=(w-text_w)/2:y=84"
                    f":enable='between(t,{seg.start:.3f},{until:.3f})'"
                ),
            )
        )
    return ",".join(parts)


def clip_make(*, clip: DemoClip, workdir: Path) -> tuple[Path, str]:
    """Make `clip`'s media file in `workdir`; return it and its WebVTT captions.

    A video is 640x360 H.264/AAC MP4 with the sentences drawn in; an audio
    lesson is an AAC .m4a of the spoken script.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    soundtrack, timeline = _speech_make(sentences=clip.sentences, workdir=workdir)
    total = _total(timeline)
    out = workdir / clip.filename
    args = [settings.FFMPEG_BINARY, "-nostdin", "-hide_banner", "-y", "-v", "error"]
    if clip.kind == MediaAsset.Kind.VIDEO:
        picture = _picture_filter(clip=clip, timeline=timeline, workdir=workdir)
        args += [
            "-f", "lavfi",
            "-i", f"color=c={clip.colour}:s={WIDTH}x{HEIGHT}:r={FPS}:d={total:.3f}",
            "-i", str(soundtrack),
            "-filter_complex", f"[0:v]{picture}[v]",
            "-map", "[v]", "-map", "1:a",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "28",
            "-pix_fmt", "yuv420p", "-g", str(FPS * 2),
        ]  # fmt: skip
    else:
        args += ["-i", str(soundtrack), "-map", "0:a"]
    args += [
        "-c:a", "aac", "-b:a", "64k", "-ar", "44100",
        "-t", f"{total:.3f}", "-movflags", "+faststart",
        "-progress", "pipe:1", "-nostats", str(out),
    ]  # fmt: skip
    ffmpeg_runner.run(args, duration=total, timeout=FFMPEG_TIMEOUT)
    return out, _webvtt(timeline)


# Seeding: assets through the pipeline's services, lessons under the courses.


def _course_find(*, city, clip: DemoClip) -> CoursePage | None:
    courses = CoursePage.objects.descendant_of(city)
    return (
        courses.filter(slug=clip.course_slug).first()
        or courses.filter(title=clip.course_title).first()
    )


def _asset_create(*, clip: DemoClip, user, course: CoursePage) -> MediaAsset:
    with tempfile.TemporaryDirectory(dir=settings.MEDIA_PIPELINE_TMP_DIR) as tmp:
        path, webvtt = clip_make(clip=clip, workdir=Path(tmp))
        asset = media_asset_create(
            title=clip.asset_title,
            path=path,
            user=user,
            collection=institution_collection(page=course),
        )
    caption = Caption(
        asset=asset,
        language=CAPTION_LANGUAGE,
        file=ContentFile(webvtt.encode("utf-8"), name=f"{clip.slug}.vtt"),
    )
    caption.full_clean()
    caption.save()
    media_asset_enqueue(asset)
    return asset


def _lesson_body(*, clip: DemoClip, asset: MediaAsset) -> list:
    transcript = "".join(f"<p>{escape(s)}</p>" for s in clip.sentences)
    return [
        (str(clip.kind), {"asset": asset, "caption": clip.title}),
        ("text", RichText(f"<h3>文字稿</h3>{transcript}")),
        ("key_points", {"points": list(clip.points)}),
    ]


def _teacher(course: CoursePage) -> str:
    lead = course.contributors.filter(role=ContributorRole.LEAD).first()
    return lead.name if lead else "社区学习超市"


@transaction.atomic
def demo_media_lessons_seed(*, city, user=None) -> list[LessonPage]:
    """Create the demo media lessons under `city`'s courses; return them.

    Idempotent: a lesson that exists (by slug under its course) is left alone
    and no clip is made for it; an asset left from an earlier run (by title) is
    reused. A clip whose course is not under `city` is skipped. The transcodes
    are queued after the outermost transaction commits.
    """
    lessons = []
    for clip in CLIPS:
        course = _course_find(city=city, clip=clip)
        if course is None:
            logger.info("demo media: no course %s, skipping", clip.course_slug)
            continue
        lesson = LessonPage.objects.child_of(course).filter(slug=clip.slug).first()
        if lesson is None:
            asset = MediaAsset.objects.filter(
                title=clip.asset_title
            ).first() or _asset_create(clip=clip, user=user, course=course)
            lesson = LessonPage(
                slug=clip.slug,
                title=clip.title,
                unit=clip.unit,
                duration_minutes=1,
                summary=clip.summary,
                body=_lesson_body(clip=clip, asset=asset),
            )
            lesson.contributors = [
                LessonContributor(name=_teacher(course), role=ContributorRole.LEAD)
            ]
            course.add_child(instance=lesson)
            lesson.save_revision().publish()
        lessons.append(lesson)
    return lessons
