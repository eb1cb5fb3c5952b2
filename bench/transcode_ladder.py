"""Ladder benchmark: pipeline vs one plain ffmpeg command vs one process per rung.

Run: .venv/bin/python bench/transcode_ladder.py [--seconds 60] [--rounds 1]
All three are measured side by side in one run, alternating, on the same
generated 1080p clip; ratios are what to compare (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django

django.setup()

from media_pipeline import ffmpeg, images, profiles
from media_pipeline.probe import probe


def make_clip(path: Path, seconds: int) -> None:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y",
         "-f", "lavfi", "-i", f"testsrc2=duration={seconds}:size=1920x1080:rate=30",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-shortest", str(path)],
        check=True,
    )  # fmt: skip


def pipeline(src: Path, work: Path) -> None:
    result = probe(src)
    args, _ = ffmpeg.build_args(src, work, result, profiles.plan_ladder(result))
    ffmpeg.run(args, duration=result.duration, timeout=3600, on_progress=lambda p: None)


def plain(src: Path, work: Path) -> None:
    result = probe(src)
    args, _ = ffmpeg.build_args(src, work, result, profiles.plan_ladder(result))
    args = args[: args.index("-progress")]
    subprocess.run(args, check=True)


def naive(src: Path, work: Path) -> None:
    """One ffmpeg process per rendition: the source is decoded every time."""
    result = probe(src)
    rungs = profiles.plan_ladder(result)
    common = [
        "ffmpeg",
        "-v",
        "error",
        "-nostdin",
        "-y",
        "-threads",
        "2",
        "-i",
        str(src),
    ]
    for rung in rungs:
        out = work / rung.profile.name
        out.mkdir()
        subprocess.run(
            [*common, "-vf", f"format=yuv420p,scale={rung.width}:{rung.height}",
             "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main",
             "-b:v", f"{rung.profile.video_kbps}k", "-c:a", "aac",
             "-force_key_frames", "expr:gte(t,n_forced*4)",
             "-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod",
             str(out / "index.m3u8")],
            check=True,
        )  # fmt: skip
    (work / "audio").mkdir()
    subprocess.run(
        [*common, "-vn", "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "4",
         "-hls_playlist_type", "vod", str(work / "audio" / "index.m3u8")],
        check=True,
    )  # fmt: skip
    big = images.poster_rung(rungs)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-ss",
         str(images.poster_time(result.duration)), "-i", str(src), "-vf",
         f"scale={big.width}:{big.height}", "-frames:v", "1", "-q:v", "3",
         str(work / "poster.jpg")],
        check=True,
    )  # fmt: skip
    sprites = images.plan_sprites(result.duration, result.display_size)
    subprocess.run(
        [*common, "-vf", f"fps=1/{sprites.interval:g},scale={sprites.width}:"
         f"{sprites.height},tile={sprites.columns}x{sprites.rows}", "-q:v", "5",
         "-fps_mode", "passthrough", str(work / "sprite_%03d.jpg")],
        check=True,
    )  # fmt: skip
    dl = profiles.download_rung(rungs)
    subprocess.run(
        [*common, "-vf", f"format=yuv420p,scale={dl.width}:{dl.height}", "-c:v",
         "libx264", "-preset", "veryfast", "-b:v", f"{dl.profile.video_kbps}k",
         "-c:a", "aac", "-movflags", "+faststart", str(work / "download.mp4")],
        check=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=1)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "source-1080p.mp4"
        make_clip(src, options.seconds)
        times: dict[str, list[float]] = {"pipeline": [], "plain": [], "naive": []}
        for _ in range(options.rounds):
            for name, fn in (
                ("pipeline", pipeline),
                ("plain", plain),
                ("naive", naive),
            ):
                work = Path(tmp) / name
                shutil.rmtree(work, ignore_errors=True)
                work.mkdir()
                started = time.perf_counter()
                fn(src, work)
                times[name].append(time.perf_counter() - started)
        best = {name: min(values) for name, values in times.items()}
        for name, value in best.items():
            runs = ", ".join(f"{v:.1f}" for v in times[name])
            print(f"{name:9s} {value:7.1f} s  (runs: {runs})")
        ratio = best["pipeline"] / best["plain"]
        print(f"pipeline / plain ffmpeg = {ratio:.3f}  (target <= 1.10)")
        naive_ratio = best["naive"] / best["pipeline"]
        print(f"naive per-rendition / pipeline = {naive_ratio:.3f}")


if __name__ == "__main__":
    main()
