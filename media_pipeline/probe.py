"""ffprobe: run it safely, and parse its JSON into a plain dataclass."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings


class ProbeError(Exception):
    """ffprobe failed or the file is not media it can read."""


@dataclass(frozen=True)
class StreamInfo:
    index: int
    codec_type: str
    codec_name: str
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class ProbeResult:
    format_name: str
    duration: float
    streams: tuple[StreamInfo, ...] = field(default_factory=tuple)

    @property
    def video(self) -> StreamInfo | None:
        return next((s for s in self.streams if s.codec_type == "video"), None)

    @property
    def has_audio(self) -> bool:
        return any(s.codec_type == "audio" for s in self.streams)


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
            )
            for s in data.get("streams", [])
        )
        return ProbeResult(
            format_name=fmt["format_name"],
            duration=float(fmt.get("duration") or 0.0),
            streams=streams,
        )
    except (ValueError, KeyError, TypeError) as error:
        raise ProbeError(f"unreadable ffprobe output: {error}") from error


def probe(path: Path, *, timeout: float = 60.0) -> ProbeResult:
    """Probe a local file. Only the file protocol is allowed, so a crafted
    playlist cannot make ffprobe open other files or the network."""
    args = [
        settings.FFPROBE_BINARY,
        "-v",
        "error",
        "-hide_banner",
        "-protocol_whitelist",
        "file",
        "-of",
        "json",
        "-show_format",
        "-show_streams",
        f"file:{Path(path).resolve()}",
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - argv list, no shell
            args,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ProbeError(f"ffprobe timed out after {timeout:g}s") from error
    if completed.returncode != 0:
        raise ProbeError(completed.stderr.strip()[-500:] or "ffprobe failed")
    return parse(completed.stdout)


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
