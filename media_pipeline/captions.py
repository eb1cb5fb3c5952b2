"""Caption files in, clean WebVTT out.

Teachers bring SRT from subtitle tools or WebVTT from other platforms, often
saved in GBK by Chinese Windows software. Everything is parsed cue by cue and
written back as plain WebVTT, so what players receive is always well formed
and carries no markup beyond WebVTT's own <b>, <i> and <u>.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .webvtt import timestamp

MAX_BYTES = 2 * 1024 * 1024
MAX_CUES = 20_000
TIMING = re.compile(
    r"^\s*(?P<start>(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*"
    r"(?P<end>(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3})(?P<settings>.*)$"
)
KEPT_TAG = re.compile(r"</?(?:b|i|u)>", re.IGNORECASE)
ANY_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def _error(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (covers GBK)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _error(
        _("字幕文件的文字编码无法识别，请另存为 UTF-8 后重新上传。"), "caption_encoding"
    )


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    if len(parts) == 2:
        parts.insert(0, "0")
    hours, minutes, seconds = parts
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clean_line(line: str) -> str:
    """Keep <b>, <i>, <u>; drop every other tag (SRT's <font>); escape the rest."""
    out, position = [], 0
    for match in ANY_TAG.finditer(line):
        out.append(_escape(line[position : match.start()]))
        if KEPT_TAG.fullmatch(match.group()):
            out.append(match.group().lower())
        position = match.end()
    out.append(_escape(line[position:]))
    return "".join(out).strip()


def _clean_text(lines: list[str]) -> str:
    return "\n".join(cleaned for line in lines if (cleaned := _clean_line(line)))


def parse(text: str) -> list[Cue]:
    """Cues of an SRT or WebVTT document; NOTE, STYLE and REGION blocks dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = re.split(r"\n\s*\n", text.strip())
    if blocks and blocks[0].startswith("WEBVTT"):
        blocks = blocks[1:]
    cues = []
    for block in blocks:
        lines = block.split("\n")
        if lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = next((i for i, x in enumerate(lines[:2]) if "-->" in x), None)
        if timing_at is None:
            raise ValidationError(
                _("字幕文件格式不对：第 %(n)s 段没有时间轴，例如 %(example)s。"),
                code="caption_format",
                params={"n": len(cues) + 1, "example": "00:00:01,000 --> 00:00:03,000"},
            )
        match = TIMING.match(lines[timing_at])
        if not match:
            raise ValidationError(
                _("字幕文件第 %(n)s 段的时间写法看不懂：%(line)s"),
                code="caption_timing",
                params={"n": len(cues) + 1, "line": lines[timing_at][:60]},
            )
        start, end = _seconds(match["start"]), _seconds(match["end"])
        if end <= start:
            raise ValidationError(
                _("字幕文件第 %(n)s 段的结束时间早于开始时间。"),
                code="caption_timing",
                params={"n": len(cues) + 1},
            )
        body = _clean_text(lines[timing_at + 1 :])
        if body:
            cues.append(Cue(start, end, body))
        if len(cues) > MAX_CUES:
            raise _error(_("字幕条数太多了。"), "caption_size")
    if not cues:
        raise _error(_("字幕文件里没有找到任何字幕。"), "caption_empty")
    return cues


def render(cues: list[Cue]) -> str:
    lines = ["WEBVTT", ""]
    for cue in cues:
        lines += [f"{timestamp(cue.start)} --> {timestamp(cue.end)}", cue.text, ""]
    return "\n".join(lines)


def to_webvtt(raw: bytes) -> str:
    """Validate an uploaded SRT/VTT file and return it as clean WebVTT."""
    if len(raw) > MAX_BYTES:
        raise _error(_("字幕文件太大了，最大 2 MB。"), "caption_size")
    if not raw.strip():
        raise _error(_("字幕文件是空的。"), "caption_empty")
    if b"\x00" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _error(_("这不是字幕文件（SRT 或 VTT）。"), "caption_format")
    return render(parse(decode(raw)))


def with_timestamp_map(webvtt: str, start_seconds: float) -> str:
    """The same track as an HLS subtitle segment, aligned to the video's PTS."""
    mpegts = int(round(start_seconds * 90_000))
    header, _, rest = webvtt.partition("\n")
    return f"{header}\nX-TIMESTAMP-MAP=MPEGTS:{mpegts},LOCAL=00:00:00.000\n{rest}"
