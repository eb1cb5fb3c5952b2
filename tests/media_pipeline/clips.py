"""Clips made by ffmpeg's lavfi sources, for the pipeline tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

VIDEO = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
AUDIO = ["-f", "lavfi", "-i", "sine=frequency=440:duration={d}"]
AUDIO_CODECS = {
    ".mp3": "libmp3lame", ".webm": "libopus", ".ogg": "libopus", ".opus": "libopus",
    ".flac": "flac", ".wav": "pcm_s16le",
}  # fmt: skip


def make(
    path: Path, *, size="640x360", seconds=3, audio=True, extra=(), video=None, rotate=0
):
    args = ["ffmpeg", "-v", "error", "-nostdin", "-y"]
    if size:
        args += [
            "-f",
            "lavfi",
            "-i",
            f"testsrc2=duration={seconds}:size={size}:rate=25",
        ]
    if audio:
        args += [a.format(d=seconds) for a in AUDIO]
    if size:
        args += list(video or VIDEO)
    if audio:
        args += ["-c:a", AUDIO_CODECS.get(path.suffix, "aac")]
    args += ["-shortest", *extra, str(path)]
    subprocess.run(args, check=True, timeout=120)
    if rotate:
        # Phones store rotation as metadata; ffmpeg writes it only when remuxing.
        rotated = path.with_name(f"rotated-{path.name}")
        subprocess.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", str(path), "-c", "copy",
             "-metadata:s:v", f"rotate={rotate}", str(rotated)],
            check=True, timeout=60,
        )  # fmt: skip
        rotated.replace(path)
    return path
