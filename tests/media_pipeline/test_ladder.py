"""The single-decode ladder on real ffmpeg, checked with ffprobe and with
ffmpeg itself reading the master playlist as an HLS client."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from media_pipeline import ffmpeg, images, profiles
from media_pipeline.probe import ProbeError, ProbeResult, StreamInfo, probe
from tests.media_pipeline.clips import make

# Whole ffmpeg transcodes: integration, so not in `make test-fast`.
pytestmark = pytest.mark.services

HEVC10 = ["-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
          "-x265-params", "log-level=error"]  # fmt: skip


def _probe_json(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams",
         "-protocol_whitelist", "file", str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return json.loads(out.stdout)


def _transcode(src: Path, workdir: Path):
    result = probe(src)
    workdir.mkdir()
    rungs = profiles.plan_ladder(result)
    args, outputs = ffmpeg.build_args(src, workdir, result, rungs)
    seen: list[float] = []
    ffmpeg.run(args, duration=result.duration, timeout=300, on_progress=seen.append)
    return result, rungs, outputs, seen


def _hls_client_duration(master: Path) -> float:
    """ffmpeg opens the master playlist as a player would and decodes it all."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-protocol_whitelist", "file",
         "-i", str(master), "-map", "0", "-f", "null", "-", "-progress", "pipe:1"],
        capture_output=True, text=True, check=True, timeout=120,
    )  # fmt: skip
    times = [int(v) for k, _, v in (line.partition("=") for line in out.stdout.split())
             if k == "out_time_us" and v.isdigit()]  # fmt: skip
    return max(times) / 1_000_000


CASES = {
    "landscape": ({"size": "1280x720"}, (1280, 720), ["720p", "480p", "360p", "240p"]),
    "portrait": ({"size": "360x640"}, (360, 640), ["360p", "240p"]),
    "rotated": (
        {"size": "640x360", "rotate": 90},
        (360, 640),
        ["360p", "240p"],
    ),
    "no-audio": ({"size": "640x360", "audio": False}, (640, 360), ["360p", "240p"]),
    "odd-size": ({"size": "641x361"}, (640, 360), ["360p", "240p"]),
    "hevc-10bit": (
        {"size": "640x360", "video": HEVC10},
        (640, 360),
        ["360p", "240p"],
    ),
    "tiny": ({"size": "176x144"}, (176, 144), ["240p"]),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_ladder(case, tmp_path):
    options, top_size, names = CASES[case]
    src = make(tmp_path / "source.mp4", **options)
    result, rungs, outputs, seen = _transcode(src, tmp_path / "work")

    assert [f"{r.profile.short_side}p" for r in rungs] == names or case == "tiny"
    master = outputs.master.read_text()
    assert "BANDWIDTH=" in master and 'CODECS="avc1' in master
    assert f"RESOLUTION={top_size[0]}x{top_size[1]}" in master
    has_audio = options.get("audio", True)
    assert ("audio/index.m3u8" in master) == has_audio

    for rung in rungs:
        variant = outputs.hls_dir / f"{rung.profile.short_side}p"
        playlist = (variant / "index.m3u8").read_text()
        assert "#EXT-X-ENDLIST" in playlist and "#EXT-X-PLAYLIST-TYPE:VOD" in playlist
        extinf = [x for x in playlist.splitlines() if x.startswith("#EXTINF")]
        durations = [float(x.split(":")[1].rstrip(",")) for x in extinf]
        assert all(d <= ffmpeg.SEGMENT_SECONDS + 0.5 for d in durations)
        assert abs(sum(durations) - result.duration) <= 0.5
        first = _probe_json(variant / "seg_0000.ts")
        video = next(s for s in first["streams"] if s["codec_type"] == "video")
        assert (video["width"], video["height"]) == (rung.width, rung.height)
        assert video["codec_name"] == "h264" and video["pix_fmt"] == "yuv420p"
        assert video["width"] % 2 == 0 and video["height"] % 2 == 0

    assert abs(_hls_client_duration(outputs.master) - result.duration) <= 0.5
    download = _probe_json(outputs.download)
    assert abs(float(download["format"]["duration"]) - result.duration) <= 0.5
    assert seen and seen[-1] >= 90

    poster = _probe_json(outputs.poster)["streams"][0]
    big = images.poster_rung(rungs)
    assert (poster["width"], poster["height"]) == (big.width, big.height)
    sheet = _probe_json(outputs.poster.parent / "sprite_001.jpg")["streams"][0]
    plan = outputs.sprites
    assert (sheet["width"], sheet["height"]) == (
        plan.width * plan.columns,
        plan.height * plan.rows,
    )


def test_audio_only_upload_gets_an_audio_ladder(tmp_path):
    src = make(tmp_path / "talk.m4a", size=None, seconds=5)
    result, rungs, outputs, _ = _transcode(src, tmp_path / "work")
    assert rungs == () and outputs.download is None
    master = outputs.master.read_text()
    assert "audio/index.m3u8" in master and "RESOLUTION" not in master
    assert abs(_hls_client_duration(outputs.master) - result.duration) <= 0.5
    peaks = images.read_peaks(outputs.peaks)
    assert abs(len(peaks) - images.WAVEFORM_COLUMNS) <= 2
    assert max(peaks) > 0.1  # a sine tone at -18 dB or so, not silence
    assert outputs.poster is None


def test_audio_with_cover_art_is_still_audio_and_keeps_the_cover(tmp_path):
    """An MP3's embedded picture is its cover, not a one-frame video."""
    plain = make(tmp_path / "talk.mp3", size=None, seconds=4)
    art = tmp_path / "art.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i",
         "color=c=orange:s=600x600", "-frames:v", "1", str(art)],
        check=True, timeout=60,
    )  # fmt: skip
    src = tmp_path / "covered.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(plain), "-i", str(art),
         "-map", "0:a", "-map", "1:v", "-c", "copy", "-id3v2_version", "3",
         "-disposition:v", "attached_pic", str(src)],
        check=True, timeout=60,
    )  # fmt: skip
    result, rungs, outputs, _ = _transcode(src, tmp_path / "work")
    assert result.video is None and result.cover is not None and rungs == ()
    cover = _probe_json(outputs.poster)["streams"][0]
    assert (cover["width"], cover["height"]) == (600, 600)
    assert images.read_peaks(outputs.peaks)


def test_long_low_resolution_recording(tmp_path):
    src = make(tmp_path / "meeting.mp4", size="320x240", seconds=45)
    result, rungs, outputs, _ = _transcode(src, tmp_path / "work")
    assert [r.profile.short_side for r in rungs] == [240]
    playlist = (outputs.hls_dir / "240p" / "index.m3u8").read_text()
    assert playlist.count("#EXTINF") >= 11
    assert abs(_hls_client_duration(outputs.master) - result.duration) <= 0.5


def _fake(width, height, rotation=0) -> ProbeResult:
    video = StreamInfo(0, "video", "h264", width, height, rotation)
    return ProbeResult("mov,mp4", 10.0, (video, StreamInfo(1, "audio", "aac")))


LANDSCAPE = [(1920, 1080), (1280, 720), (854, 480), (640, 360), (426, 240)]
PORTRAIT = [(w, h) for h, w in LANDSCAPE]


@pytest.mark.parametrize(
    ("size", "rotation", "expected"),
    [
        ((1920, 1080), 0, LANDSCAPE),
        ((1080, 1920), 0, PORTRAIT),
        ((1920, 1080), -90, PORTRAIT),
        ((720, 720), 0, [(720, 720), (480, 480), (360, 360), (240, 240)]),
        ((100, 75), 0, [(100, 76)]),
    ],
)  # fmt: skip
def test_plan_never_upscales_and_keeps_even_sizes(size, rotation, expected):
    rungs = profiles.plan_ladder(_fake(*size, rotation))
    assert [(r.width, r.height) for r in rungs] == expected


def test_build_args_decodes_once_and_pins_the_demuxer(tmp_path):
    result = _fake(1280, 720)
    args, _ = ffmpeg.build_args(
        tmp_path / "in.mp4", tmp_path, result, profiles.plan_ladder(result)
    )
    assert args.count("-i") == 1
    assert args[args.index("-f") + 1] == "mov"
    assert args[args.index("-protocol_whitelist") + 1] == "file"
    # Four rungs, the download copy, the poster and the sprites share one decode.
    assert "split=7" in args[args.index("-filter_complex") + 1]
    assert all("http" not in a for a in args)


def test_progress_lines():
    assert ffmpeg.parse_progress("out_time_us=5000000", 10.0) == 50.0
    assert ffmpeg.parse_progress("out_time_us=N/A", 10.0) is None
    assert ffmpeg.parse_progress("frame=10", 10.0) is None


def test_run_kills_a_stalled_ffmpeg(tmp_path):
    fifo = tmp_path / "never-written.ts"
    import os

    os.mkfifo(fifo)
    args = ["ffmpeg", "-nostdin", "-v", "error", "-i", f"file:{fifo}", "-f", "null",
            "-", "-progress", "pipe:1"]  # fmt: skip
    with pytest.raises(ffmpeg.FFmpegError) as error:
        ffmpeg.run(args, duration=10, timeout=60, stall_timeout=2)
    assert error.value.timed_out


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.mp4", b"", "empty"),
        ("notes.mp4", "这是一段文字，不是视频。".encode() * 20, "not_media"),
        ("virus.mp4", b"MZ\x90\x00" + bytes(range(256)) * 8, "not_media"),
        ("list.mp4", b"#EXTM3U\n#EXTINF:1,\nfile:/etc/passwd\n", "not_media"),
        ("concat.mp4", b"ffconcat version 1.0\nfile '/etc/passwd'\n", "not_media"),
    ],
)
def test_hostile_inputs_are_refused_with_a_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ProbeError) as error:
        probe(path)
    assert error.value.reason in (reason, "unsupported_format")
    assert error.value.message


def test_truncated_file_is_damaged(tmp_path):
    src = make(tmp_path / "full.mp4", size="320x240", seconds=3)
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(src.read_bytes()[: src.stat().st_size // 3])
    with pytest.raises(ProbeError) as error:
        probe(cut)
    assert error.value.reason in ("damaged", "not_media")


def test_ffmpeg_runs_under_the_memory_cap(tmp_path, settings):
    src = make(tmp_path / "clip.mp4", size="640x360", seconds=2)
    result = probe(src)
    settings.MEDIA_PIPELINE_FFMPEG_MEMORY = 16 * 1024 * 1024
    (tmp_path / "work").mkdir()
    args, _ = ffmpeg.build_args(
        src, tmp_path / "work", result, profiles.plan_ladder(result)
    )
    with pytest.raises(ffmpeg.FFmpegError):
        ffmpeg.run(args, duration=result.duration, timeout=60)


WEBM = ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "300k"]


@pytest.mark.parametrize(
    ("name", "video"),
    [
        ("phone.3gp", None),
        ("camera.avi", ["-c:v", "mpeg4", "-q:v", "5"]),
        ("broadcast.ts", None),
        ("old-site.flv", None),
        ("browser.webm", WEBM),
        ("talk.opus", False),
        ("talk.ogg", False),
        ("talk.flac", False),
        ("talk.wav", False),
    ],
)
def test_every_whitelisted_container_goes_through(tmp_path, name, video):
    src = make(tmp_path / name, size=None if video is False else "320x240",
               seconds=2, video=video or None)  # fmt: skip
    result, rungs, outputs, _ = _transcode(src, tmp_path / "work")
    master = outputs.master.read_text()
    assert "audio/index.m3u8" in master
    assert ("RESOLUTION=320x240" in master) == (video is not False)
    assert abs(_hls_client_duration(outputs.master) - result.duration) <= 0.5
