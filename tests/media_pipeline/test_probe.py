import json
import subprocess
from pathlib import Path

import pytest

from media_pipeline.probe import ProbeError, parse, probe

SAMPLE = Path(__file__).parent.parent / "fixtures" / "ffprobe_testsrc.json"


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """A 2-second 320x240 clip with a sine tone, made by the real ffmpeg."""
    path = tmp_path_factory.mktemp("media") / "clip.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin",
         "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440:duration=2",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-shortest", str(path)],
        check=True, timeout=60,
    )  # fmt: skip
    return path


def test_probe_reads_a_real_clip(clip):
    result = probe(clip)
    assert "mp4" in result.format_name
    assert result.duration == pytest.approx(2.0, abs=0.2)
    assert (result.video.width, result.video.height) == (320, 240)
    assert result.video.codec_name == "h264"
    assert result.has_audio


def test_probe_rejects_a_file_that_is_not_media(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("这不是视频")
    with pytest.raises(ProbeError):
        probe(path)


def test_probe_refuses_playlists_that_reach_other_files(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("token")
    playlist = tmp_path / "upload.mp4"
    playlist.write_text(f"#EXTM3U\n#EXTINF:1,\nhttp://127.0.0.1:9/x.ts\n{secret}\n")
    with pytest.raises(ProbeError):
        probe(playlist)


def test_parse_stored_sample():
    result = parse(SAMPLE.read_text())
    assert result.duration == pytest.approx(2.0)
    assert result.video.width == 320
    assert result.has_audio


@pytest.mark.parametrize("raw", ["", "{}", json.dumps({"format": {}}), "not json"])
def test_parse_rejects_malformed_output(raw):
    with pytest.raises(ProbeError):
        parse(raw)
