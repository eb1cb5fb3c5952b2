import json
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from media_pipeline.probe import (
    ProbeError,
    ProbeResult,
    Reason,
    StreamInfo,
    check_policy,
    parse,
    probe,
)
from tests.media_pipeline.clips import OLD_VIDEO, make

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


@pytest.mark.parametrize("suffix", sorted(OLD_VIDEO))
def test_old_archive_formats_are_read(tmp_path, suffix):
    path = make(tmp_path / f"archive{suffix}", size="320x240", seconds=2,
                video=OLD_VIDEO[suffix])  # fmt: skip
    result = probe(path)
    assert (result.video.width, result.video.height) == (320, 240)
    assert result.has_audio and result.duration == pytest.approx(2.0, abs=0.3)


def test_a_stream_nobody_can_decode_is_named_in_plain_words():
    result = ProbeResult(
        format_name="rm",
        duration=60.0,
        streams=(StreamInfo(index=0, codec_type="video", codec_name="none",
                            width=352, height=288),),
    )  # fmt: skip
    with pytest.raises(ProbeError) as caught:
        check_policy(result)
    assert caught.value.reason == Reason.UNKNOWN_CODEC
    assert "转成 MP4" in caught.value.message


def test_parse_stored_sample():
    result = parse(SAMPLE.read_text())
    assert result.duration == pytest.approx(2.0)
    assert result.video.width == 320
    assert result.has_audio


@pytest.mark.parametrize("raw", ["", "{}", json.dumps({"format": {}}), "not json"])
def test_parse_rejects_malformed_output(raw):
    with pytest.raises(ProbeError):
        parse(raw)


def _png_bomb(path: Path, side: int = 16000) -> Path:
    """A 1-bit grey PNG of side×side zeros: ~40 KB on disk, a gigabyte decoded."""
    row = b"\x00" + bytes((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )
    return path


def test_image_bomb_renamed_mp4_is_refused(tmp_path):
    bomb = _png_bomb(tmp_path / "bomb.png")
    assert bomb.stat().st_size < 200_000
    disguised = tmp_path / "holiday.mp4"
    disguised.write_bytes(bomb.read_bytes())
    with pytest.raises(ProbeError) as error:
        probe(disguised)
    assert error.value.reason in ("unsupported_format", "not_media")


@pytest.mark.parametrize("container", ["mkv", "mp3"])
def test_image_bomb_inside_an_allowed_container_is_too_large(tmp_path, container):
    """Copied, never decoded, into a Matroska video or as an MP3's cover art."""
    bomb = _png_bomb(tmp_path / "bomb.png")
    out = tmp_path / f"bomb.{container}"
    if container == "mkv":
        args = ["-i", str(bomb), "-c", "copy"]
    else:
        args = ["-f", "lavfi", "-i", "sine=duration=2", "-i", str(bomb),
                "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "copy",
                "-disposition:v", "attached_pic"]  # fmt: skip
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", *args, str(out)], check=True, timeout=60
    )
    with pytest.raises(ProbeError) as error:
        probe(out)
    assert error.value.reason in ("too_large", "damaged")
