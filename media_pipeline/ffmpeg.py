"""Build and run the single-decode ffmpeg command for the whole ladder.

`build_args` is pure: it turns a probe result and the planned rungs into one
argv list. The source is decoded once, split, scaled per rung and encoded into
HLS variants (each with its audio), an audio-only variant for data saving, and
a 360p MP4 for download. `run` is the only place that starts ffmpeg.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from . import images
from .limits import capped_memory
from .probe import ALLOWED_DEMUXERS, ProbeResult
from .profiles import AUDIO_ONLY_KBPS, Rung, download_rung

SEGMENT_SECONDS = 4


class FFmpegError(Exception):
    def __init__(self, message: str, stderr_tail: str = "", *, timed_out=False):
        super().__init__(message)
        self.stderr_tail = stderr_tail
        self.timed_out = timed_out


@dataclass(frozen=True)
class Outputs:
    hls_dir: Path
    master: Path
    download: Path | None
    poster: Path | None = None
    sprites: images.SpritePlan | None = None
    peaks: Path | None = None


def _video_codec_args(index: int, rung: Rung) -> list[str]:
    kbps = rung.profile.video_kbps
    return [
        f"-c:v:{index}", "libx264", f"-b:v:{index}", f"{kbps}k",
        f"-maxrate:v:{index}", f"{int(kbps * 1.07)}k",
        f"-bufsize:v:{index}", f"{int(kbps * 1.5)}k",
    ]  # fmt: skip


def build_args(
    src: Path, workdir: Path, probe: ProbeResult, rungs: tuple[Rung, ...], *, threads=2
) -> tuple[list[str], Outputs]:
    """One ffmpeg invocation for every output of one asset."""
    hls_dir = workdir / "hls"
    args = [
        settings.FFMPEG_BINARY, "-nostdin", "-hide_banner", "-y", "-v", "error",
        "-protocol_whitelist", "file",
        "-format_whitelist", ",".join(ALLOWED_DEMUXERS),
        "-f", probe.format_name.split(",")[0],
        "-i", f"file:{src}",
        "-threads", str(threads),
    ]  # fmt: skip
    audio = probe.has_audio
    download = download_rung(rungs)
    variants: list[str] = []
    maps: list[str] = []
    codecs: list[str] = []
    graph: list[str] = []
    poster = sprites = peaks = None
    if rungs:
        # Each rung, the download copy, the poster and the sprites: one decode.
        branches = len(rungs) + (1 if download else 0) + 2
        labels = "".join(f"[s{i}]" for i in range(branches))
        graph.append(f"[0:{probe.video.index}]format=yuv420p,split={branches}{labels}")
        for i, rung in enumerate(rungs):
            graph.append(f"[s{i}]scale={rung.width}:{rung.height}:flags=bicubic[v{i}]")
        if download:
            graph.append(
                f"[s{len(rungs)}]scale={download.width}:{download.height}[vdl]"
            )
        big = images.poster_rung(rungs)
        at = images.poster_time(probe.duration)
        graph.append(
            f"[s{branches - 2}]trim=start={at}:duration=0.5,"
            f"scale={big.width}:{big.height}[poster]"
        )
        sprites = images.plan_sprites(probe.duration, probe.display_size)
        graph.append(
            f"[s{branches - 1}]fps=1/{sprites.interval:g},"
            f"scale={sprites.width}:{sprites.height},"
            f"tile={sprites.columns}x{sprites.rows}[sprites]"
        )
        poster = workdir / "poster.jpg"
    elif audio:
        if probe.cover:
            graph.append(
                f"[0:{probe.cover.index}]scale='min(720,iw)':-2,format=yuvj420p[poster]"
            )
            poster = workdir / "poster.jpg"
        # Peak level per column for the waveform, streamed to a small text file.
        peaks = workdir / "peaks.txt"
        window = images.peak_window(probe.duration, probe.audio.sample_rate)
        graph.append(
            f"[0:a:0]aformat=channel_layouts=mono,asetnsamples=n={window}:p=0,"
            "astats=metadata=1:reset=1:measure_perchannel=none:"
            "measure_overall=Peak_level,ametadata=mode=print:"
            f"key=lavfi.astats.Overall.Peak_level:file={peaks}[peaks]"
        )
    if graph:
        args += ["-filter_complex", ";".join(graph)]
        for i, rung in enumerate(rungs):
            maps += ["-map", f"[v{i}]"]
            codecs += _video_codec_args(i, rung)
            if audio:
                maps += ["-map", "0:a:0"]
                a = i
                codecs += [
                    f"-c:a:{a}",
                    "aac",
                    f"-b:a:{a}",
                    f"{rung.profile.audio_kbps}k",
                ]
                variants.append(f"v:{i},a:{a},name:{rung.profile.short_side}p")
            else:
                variants.append(f"v:{i},name:{rung.profile.short_side}p")
    if audio:
        a = len(rungs) if rungs else 0
        maps += ["-map", "0:a:0"]
        codecs += [f"-c:a:{a}", "aac", f"-b:a:{a}", f"{AUDIO_ONLY_KBPS}k"]
        variants.append(f"a:{a},name:audio")
    args += maps + codecs
    args += [
        "-profile:v", "main", "-preset", "veryfast", "-sc_threshold", "0",
        "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
        "-ac", "2", "-ar", "44100",
        "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments+temp_file",
        "-hls_segment_type", "mpegts",
        "-hls_segment_filename", str(hls_dir / "%v" / "seg_%04d.ts"),
        "-master_pl_name", "master.m3u8",
        "-var_stream_map", " ".join(variants),
        str(hls_dir / "%v" / "index.m3u8"),
    ]  # fmt: skip
    download_path = None
    if download:
        download_path = workdir / "download.mp4"
        args += ["-map", "[vdl]"]
        if audio:
            args += ["-map", "0:a:0", "-c:a", "aac", "-b:a", "96k", "-ac", "2"]
        args += [
            "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main",
            "-b:v", f"{download.profile.video_kbps}k",
            "-movflags", "+faststart", str(download_path),
        ]  # fmt: skip
    if poster:
        args += ["-map", "[poster]", "-frames:v", "1", "-q:v", "3", str(poster)]
    if sprites:
        args += [
            "-map", "[sprites]", "-q:v", "5", "-fps_mode", "passthrough",
            str(workdir / "sprite_%03d.jpg"),
        ]  # fmt: skip
    if peaks:
        args += ["-map", "[peaks]", "-f", "null", "-"]
    args += ["-progress", "pipe:1", "-nostats"]
    return args, Outputs(
        hls_dir, hls_dir / "master.m3u8", download_path, poster, sprites, peaks
    )


def parse_progress(line: str, duration: float) -> float | None:
    """Percent done from one `-progress` line, or None if it carries no time."""
    key, _, value = line.strip().partition("=")
    if (
        key not in ("out_time_us", "out_time_ms")
        or not value.isascii()
        or not value.isdigit()
        or duration <= 0
    ):
        return None
    return min(100.0, int(value) / 1_000_000 / duration * 100)


def run(
    args: list[str],
    *,
    duration: float,
    timeout: float,
    stall_timeout: float = 300.0,
    on_progress: Callable[[float], None] | None = None,
) -> None:
    """Run ffmpeg; kill its process group on timeout or when progress stalls."""
    process = subprocess.Popen(  # noqa: S603 - argv list, no shell
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=capped_memory(),
    )
    last_change = [time.monotonic()]
    stderr_lines: list[str] = []
    collector = threading.Thread(
        target=lambda: stderr_lines.extend(process.stderr), daemon=True
    )
    collector.start()
    killed: list[str] = []

    def watchdog() -> None:
        started = time.monotonic()
        while process.poll() is None:
            now = time.monotonic()
            if now - started > timeout:
                killed.append("timeout")
            elif now - last_change[0] > stall_timeout:
                killed.append("stalled")
            if killed:
                os.killpg(process.pid, signal.SIGKILL)
                return
            time.sleep(0.5)

    threading.Thread(target=watchdog, daemon=True).start()
    for line in process.stdout:
        percent = parse_progress(line, duration)
        if percent is not None:
            last_change[0] = time.monotonic()
            if on_progress:
                on_progress(percent)
    process.wait()
    collector.join(timeout=5)
    tail = "".join(stderr_lines)[-2000:]
    if killed:
        raise FFmpegError(f"ffmpeg {killed[0]}", tail, timed_out=True)
    if process.returncode != 0:
        raise FFmpegError(f"ffmpeg exited with {process.returncode}", tail)
