"""Clips made by ffmpeg's lavfi sources, for the pipeline tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

VIDEO = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
AUDIO = ["-f", "lavfi", "-i", "sine=frequency=440:duration={d}"]
AUDIO_CODECS = {
    ".mp3": "libmp3lame", ".webm": "libopus", ".ogg": "libopus", ".opus": "libopus",
    ".flac": "flac", ".wav": "pcm_s16le",
    ".wmv": "wmav2", ".mpg": "mp2", ".vob": "mp2", ".rm": "ac3", ".rmvb": "ac3",
}  # fmt: skip
# The old formats of community colleges' archives, as ffmpeg can still write
# them: WMV, MPEG program streams (a camcorder's .mpg, a DVD's .vob) and
# RealMedia (RV20 here; the RV40 of real .rmvb files is decode-only).
OLD_VIDEO = {
    ".wmv": ["-c:v", "wmv2"],
    ".mpg": ["-c:v", "mpeg2video", "-f", "mpeg"],
    ".vob": ["-c:v", "mpeg2video", "-f", "vob"],
    ".rm": ["-c:v", "rv20"],
    ".rmvb": ["-c:v", "rv20", "-f", "rm"],
}


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
