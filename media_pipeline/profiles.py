"""The encoding ladder, defined in code so it is reviewed and testable.

Rungs are named by the short side of the picture, so portrait phone videos get
the same quality steps as landscape ones. A source is never upscaled.
"""

from __future__ import annotations

from dataclasses import dataclass

from .probe import ProbeResult


@dataclass(frozen=True)
class VideoProfile:
    name: str  # spec string, e.g. "h264-720p"
    short_side: int
    video_kbps: int
    audio_kbps: int = 96


@dataclass(frozen=True)
class Rung:
    """One planned output: a profile and the exact even frame size to encode."""

    profile: VideoProfile
    width: int
    height: int


LADDER = (
    VideoProfile("h264-1080p", 1080, 4500, 128),
    VideoProfile("h264-720p", 720, 2500, 128),
    VideoProfile("h264-480p", 480, 1000),
    VideoProfile("h264-360p", 360, 600),
    VideoProfile("h264-240p", 240, 300, 64),
)
AUDIO_ONLY_KBPS = 64
DOWNLOAD_PROFILE = "h264-360p"


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def frame_size(width: int, height: int, short_side: int) -> tuple[int, int]:
    """Scale so the short side is `short_side`, keeping aspect, both sides even."""
    if width >= height:
        return _even(width * short_side / height), _even(short_side)
    return _even(short_side), _even(height * short_side / width)


def plan_ladder(probe: ProbeResult) -> tuple[Rung, ...]:
    """The rungs that fit the source: every profile at or below its short side.

    A source smaller than the lowest rung is encoded once at its own size
    (rounded to even), never enlarged.
    """
    size = probe.display_size
    if size is None:
        return ()
    width, height = size
    short = min(width, height)
    rungs = tuple(
        Rung(p, *frame_size(width, height, p.short_side))
        for p in LADDER
        if p.short_side <= short
    )
    if rungs:
        return rungs
    lowest = LADDER[-1]
    return (Rung(lowest, _even(width) if width > 1 else 2, _even(height)),)


def download_rung(rungs: tuple[Rung, ...]) -> Rung | None:
    """The rung kept as a faststart MP4 for download: 360p, or the smallest."""
    for rung in rungs:
        if rung.profile.name == DOWNLOAD_PROFILE:
            return rung
    return rungs[-1] if rungs else None
