"""ffprobe: run it safely, parse its JSON, and decide whether we accept the file.

Only the local file protocol and a whitelist of demuxers are allowed, so a
playlist, ffconcat script or other "container" that points at further files or
URLs is refused by ffprobe itself before anything is opened.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .limits import capped_memory

# Demuxer names as ffmpeg matches them: "mov" covers mp4/m4a/3gp, "matroska"
# covers webm, "ogg" covers opus. Never hls, concat, image2 or lavfi.
# Community colleges' archives add "asf" (WMV), "mpeg" (MPEG program streams:
# .mpg, DVDs' .vob, camcorders) and "rm" (RealMedia .rm/.rmvb, decoded only).
ALLOWED_DEMUXERS = (
    "mov",
    "matroska",
    "avi",
    "mpegts",
    "flv",
    "asf",
    "mpeg",
    "rm",
    "mp3",
    "aac",
    "wav",
    "ogg",
    "flac",
    "amr",  # old phones' voice recorders
)
MAX_DURATION = 4 * 3600
MAX_LONG_SIDE = 3840
MAX_SHORT_SIDE = 2160
MAX_STREAMS = 8


class Reason(models.TextChoices):
    EMPTY = "empty", _("文件是空的")
    NOT_MEDIA = "not_media", _("这不是视频或音频文件")
    DAMAGED = "damaged", _("文件已损坏，无法读取")
    UNSUPPORTED = (
        "unsupported_format",
        _("不支持这种文件格式，请在电脑或手机上另存为 MP4 再上传"),
    )
    UNKNOWN_CODEC = (
        "unknown_codec",
        _("文件里的画面或声音编码太旧或无法识别，请用格式工厂等软件转成 MP4 再上传"),
    )
    TOO_LONG = "too_long", _("视频太长了，最长 4 小时")
    TOO_LARGE = "too_large", _("画面尺寸太大了，最大 4K")
    TOO_MANY_STREAMS = "too_many_streams", _("文件里的音视频轨道太多")
    TIMEOUT = "timeout", _("文件处理超时")
    GAVE_UP = (
        "gave_up",
        _("处理了几次都被中断，没能完成。请点“重新处理”；仍不行请联系管理员"),
    )


class ProbeError(Exception):
    """ffprobe failed or the file is not media we accept."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(detail or reason)
        self.reason = reason
        self.detail = detail

    @property
    def message(self) -> str:
        return str(Reason(self.reason).label)


@dataclass(frozen=True)
class StreamInfo:
    index: int
    codec_type: str
    codec_name: str
    width: int | None = None
    height: int | None = None
    rotation: int = 0
    pix_fmt: str = ""
    frame_rate: float = 0.0
    attached_pic: bool = False
    sample_rate: int = 0


@dataclass(frozen=True)
class ProbeResult:
    format_name: str
    duration: float
    streams: tuple[StreamInfo, ...] = field(default_factory=tuple)

    @property
    def video(self) -> StreamInfo | None:
        """The picture stream; cover art embedded in an MP3 or M4A is not video."""
        return next(
            (
                s
                for s in self.streams
                if s.codec_type == "video" and s.width and not s.attached_pic
            ),
            None,
        )

    @property
    def cover(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.attached_pic), None)

    @property
    def has_audio(self) -> bool:
        return self.audio is not None

    @property
    def audio(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.codec_type == "audio"), None)

    @property
    def display_size(self) -> tuple[int, int] | None:
        """Width and height as shown, after applying the rotation metadata."""
        video = self.video
        if video is None:
            return None
        if abs(video.rotation) % 180 == 90:
            return video.height, video.width
        return video.width, video.height


def _rotation(stream: dict) -> int:
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            return int(float(side["rotation"]))
    return int(float(stream.get("tags", {}).get("rotate", 0) or 0))


def _rate(value: str) -> float:
    num, _, den = (value or "0/1").partition("/")
    try:
        return float(num) / float(den or 1)
    except (ValueError, ZeroDivisionError):
        return 0.0


def parse(raw: str) -> ProbeResult:
    """Turn `ffprobe -of json -show_format -show_streams` output into a ProbeResult."""
    try:
        data = json.loads(raw)
        fmt = data["format"]
        streams = tuple(
            StreamInfo(
                index=int(s["index"]),
                codec_type=s.get("codec_type", ""),
                codec_name=s.get("codec_name", ""),
                width=s.get("width"),
                height=s.get("height"),
                rotation=_rotation(s),
                pix_fmt=s.get("pix_fmt", ""),
                frame_rate=_rate(s.get("avg_frame_rate") or s.get("r_frame_rate")),
                attached_pic=bool(s.get("disposition", {}).get("attached_pic")),
                sample_rate=int(s.get("sample_rate") or 0),
            )
            for s in data.get("streams", [])
        )
        return ProbeResult(
            format_name=fmt["format_name"],
            duration=float(fmt.get("duration") or 0.0),
            streams=streams,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ProbeError(
            Reason.NOT_MEDIA, f"unreadable ffprobe output: {error}"
        ) from error


def classify_failure(stderr: str) -> str:
    """Map ffprobe's complaint to a reason a resident can understand."""
    text = stderr.lower()
    if "whitelist" in text:
        return Reason.UNSUPPORTED
    if "moov atom not found" in text or "truncat" in text or "corrupt" in text:
        return Reason.DAMAGED
    return Reason.NOT_MEDIA


def _looks_like_mp4(path: Path) -> bool:
    """An MP4/MOV starts with a box header; text or executables renamed .mp4 don't."""
    with path.open("rb") as fh:
        head = fh.read(12)
    return head[4:8] in (b"ftyp", b"moov", b"mdat", b"wide", b"free")


def check_policy(result: ProbeResult) -> None:
    """Refuse what we will not decode: no streams, too long, too big, too many."""
    media = [s for s in result.streams if s.codec_type in ("video", "audio")]
    if not media or (result.video is None and not result.has_audio):
        raise ProbeError(Reason.NOT_MEDIA, "no audio or video stream")
    for stream in (result.video, result.audio):
        if stream is not None and stream.codec_name in ("", "none"):
            raise ProbeError(Reason.UNKNOWN_CODEC, f"stream {stream.index}")
    if result.duration <= 0:
        raise ProbeError(Reason.DAMAGED, "no duration")
    if result.duration > MAX_DURATION:
        raise ProbeError(Reason.TOO_LONG, f"{result.duration:.0f}s")
    if len(result.streams) > MAX_STREAMS:
        raise ProbeError(Reason.TOO_MANY_STREAMS, f"{len(result.streams)} streams")
    # Every picture counts, cover art too: a small file can declare a frame
    # that would take gigabytes to decode (a decompression bomb).
    for stream in result.streams:
        size = (stream.width or 0, stream.height or 0)
        if max(size) > MAX_LONG_SIDE or min(size) > MAX_SHORT_SIDE:
            raise ProbeError(Reason.TOO_LARGE, f"{size[0]}x{size[1]}")


def probe(path: Path, *, timeout: float = 60.0) -> ProbeResult:
    """Probe a local file and apply the acceptance policy.

    Raises ProbeError with a reason code; never follows references to other
    files or the network.
    """
    path = Path(path).resolve()
    if not path.exists() or path.stat().st_size == 0:
        raise ProbeError(Reason.EMPTY, "zero bytes")
    args = [
        settings.FFPROBE_BINARY, "-v", "error", "-hide_banner",
        "-protocol_whitelist", "file",
        "-format_whitelist", ",".join(ALLOWED_DEMUXERS),
        "-of", "json", "-show_format", "-show_streams",
        f"file:{path}",
    ]  # fmt: skip
    try:
        completed = subprocess.run(  # noqa: S603 - argv list, no shell
            args,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
            preexec_fn=capped_memory(),
        )
    except subprocess.TimeoutExpired as error:
        raise ProbeError(
            Reason.TIMEOUT, f"ffprobe timed out after {timeout:g}s"
        ) from error
    if completed.returncode != 0:
        stderr = completed.stderr.strip()[-500:]
        reason = classify_failure(stderr)
        if reason == Reason.DAMAGED and not _looks_like_mp4(path):
            reason = Reason.NOT_MEDIA
        raise ProbeError(reason, stderr or "ffprobe failed")
    result = parse(completed.stdout)
    check_policy(result)
    return result


def segment_start(path: Path, *, timeout: float = 30.0) -> float:
    """Start time of an MPEG-TS segment, which the HLS muxer offsets (~1.4 s).

    Subtitle tracks served over HLS map their zero to this time.
    """
    completed = subprocess.run(  # noqa: S603 - argv list, no shell
        [settings.FFPROBE_BINARY, "-v", "error", "-protocol_whitelist", "file",
         "-format_whitelist", "mpegts", "-show_entries", "format=start_time",
         "-of", "default=noprint_wrappers=1:nokey=1", f"file:{Path(path).resolve()}"],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        check=False, preexec_fn=capped_memory(),
    )  # fmt: skip
    try:
        return float(completed.stdout.strip())
    except ValueError:
        return 0.0


def binary_version(binary: str, *, timeout: float = 5.0) -> str:
    """First line of `<binary> -version`, e.g. 'ffprobe version 5.1.8-0+deb12u1'."""
    completed = subprocess.run(  # noqa: S603 - argv list, no shell
        [binary, "-version"],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    return completed.stdout.splitlines()[0]
