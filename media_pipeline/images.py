"""Pictures of an asset: poster, seek-preview sprites and the audio waveform.

All pure planning and rendering; the frames and peak levels themselves come
out of the single ffmpeg run (see `ffmpeg.build_args`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .profiles import Rung, frame_size
from .webvtt import timestamp

POSTER_MAX_SHORT_SIDE = 720
THUMB_SHORT_SIDE = 90
MAX_THUMBNAILS = 200
WAVEFORM_COLUMNS = 600


@dataclass(frozen=True)
class SpritePlan:
    """Thumbnails every `interval` seconds, tiled `columns`×`rows` per sheet."""

    interval: float
    width: int
    height: int
    columns: int = 10
    rows: int = 10

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows


def poster_time(duration: float) -> float:
    """A frame a little way in: first frames are often black or a title card."""
    return round(min(duration * 0.1, 30.0), 3)


def poster_rung(rungs: tuple[Rung, ...]) -> Rung | None:
    """The largest rung up to 720p; a poster needs no more for a phone or TV."""
    for rung in rungs:
        if rung.profile.short_side <= POSTER_MAX_SHORT_SIDE:
            return rung
    return rungs[-1] if rungs else None


def plan_sprites(duration: float, display_size: tuple[int, int]) -> SpritePlan:
    interval = max(2.0, float(math.ceil(duration / MAX_THUMBNAILS)))
    width, height = frame_size(*display_size, THUMB_SHORT_SIDE)
    return SpritePlan(interval=interval, width=width, height=height)


def sprite_name(sheet: int) -> str:
    return f"sprite_{sheet + 1:03d}.jpg"


def thumbnails_vtt(plan: SpritePlan, duration: float) -> str:
    """A WebVTT track whose cues point into the sprite sheets (`#xywh=`)."""
    lines = ["WEBVTT", ""]
    count = max(1, math.ceil(duration / plan.interval))
    for index in range(count):
        start = index * plan.interval
        end = min(start + plan.interval, duration)
        sheet, position = divmod(index, plan.per_sheet)
        row, column = divmod(position, plan.columns)
        x, y = column * plan.width, row * plan.height
        lines += [
            f"{timestamp(start)} --> {timestamp(end)}",
            f"{sprite_name(sheet)}#xywh={x},{y},{plan.width},{plan.height}",
            "",
        ]
    return "\n".join(lines)


def peak_window(duration: float, sample_rate: int) -> int:
    """Samples per waveform column, so the whole file fits WAVEFORM_COLUMNS."""
    return max(64, math.ceil(duration * (sample_rate or 44100) / WAVEFORM_COLUMNS))


def read_peaks(path: Path) -> list[float]:
    """Linear peak levels (0–1) from ffmpeg's `ametadata=print` output."""
    peaks = []
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        if key.endswith("Peak_level"):
            try:
                decibels = float(value)
            except ValueError:
                decibels = -math.inf
            peaks.append(
                0.0 if math.isinf(decibels) else min(1.0, 10 ** (decibels / 20))
            )
    return peaks


def waveform_svg(peaks: list[float], *, height: int = 120) -> str:
    """Mirrored bars, one per column, scaled to the loudest; crisp at any width."""
    width = max(1, len(peaks))
    middle = height / 2
    loudest = max(peaks, default=0.0) or 1.0  # quiet recordings keep their shape
    bars = []
    for x, peak in enumerate(peaks):
        half = max(0.5, peak / loudest * middle * 0.95)
        bars.append(f"M{x} {middle - half:.1f}V{middle + half:.1f}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none" role="img">'
        f'<path d="{"".join(bars)}" stroke="#1f6f5c" stroke-width="0.7" fill="none"/>'
        "</svg>\n"
    )
