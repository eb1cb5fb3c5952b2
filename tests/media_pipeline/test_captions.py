"""Caption files: SRT/VTT in any common encoding to clean WebVTT, and the
tracks served to players and as HLS subtitle renditions."""

from __future__ import annotations

import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from media_pipeline import captions
from media_pipeline.models import Caption
from tests.media_pipeline.test_playback import _lesson_with

SRT = """1
00:00:00,500 --> 00:00:01,800
<font color="#ffff00">大家好</font>，今天学<i>八段锦</i>

2
00:00:02,000 --> 00:00:02,900
第一式：两手托天理三焦 <script>x</script>
"""


def test_srt_in_gbk_becomes_clean_webvtt():
    vtt = captions.to_webvtt(SRT.encode("gbk"))
    assert vtt.splitlines()[:4] == [
        "WEBVTT",
        "",
        "00:00:00.500 --> 00:00:01.800",
        "大家好，今天学<i>八段锦</i>",
    ]
    assert "第一式：两手托天理三焦 x" in vtt and "<script>" not in vtt


def test_webvtt_with_bom_notes_and_short_timestamps():
    raw = (
        "\ufeffWEBVTT\n\nNOTE 讲师：王老师\n\n"
        "00:01.000 --> 00:02.500 align:start\n慢一点 & 稳一点\n"
    )
    vtt = captions.to_webvtt(raw.encode("utf-8"))
    assert "00:00:01.000 --> 00:00:02.500" in vtt
    assert "慢一点 &amp; 稳一点" in vtt and "NOTE" not in vtt


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "caption_empty"),
        (b"\x7fELF\x02\x01\x01\x00" * 20, "caption_format"),
        ("1\n这里没有时间轴\n".encode(), "caption_format"),
        ("1\n00:00:05,000 --> 00:00:01,000\n倒着走\n".encode(), "caption_timing"),
        ("1\n5 seconds --> 6 seconds\n看不懂\n".encode(), "caption_timing"),
        (b"WEBVTT\n\n", "caption_empty"),
        (b"x" * (captions.MAX_BYTES + 1), "caption_size"),
    ],
)
def test_bad_caption_files_get_a_reason(raw, code):
    with pytest.raises(ValidationError) as error:
        captions.to_webvtt(raw)
    assert error.value.code == code
    assert error.value.messages[0]


@pytest.mark.django_db
def test_caption_model_refuses_other_files_with_a_chinese_message(ready_asset):
    caption = Caption(
        asset=ready_asset,
        language="zh-Hans",
        file=SimpleUploadedFile("notes.docx", b"PK\x03\x04"),
    )
    with pytest.raises(ValidationError) as error:
        caption.full_clean()
    assert "SRT 或 VTT" in str(error.value.message_dict["file"])


@pytest.mark.django_db(transaction=True)
def test_captions_reach_the_player_and_the_hls_master(
    ready_asset,
    city,
    client,
    live_server,
):
    caption = Caption(
        asset=ready_asset,
        language="zh-Hans",
        file=SimpleUploadedFile("lesson.srt", SRT.encode("gbk")),
    )
    caption.full_clean()
    caption.save()
    lesson = _lesson_with(ready_asset, city.villages[0])

    html = client.get(lesson.url).content.decode()
    track = f'src="/media-hls/{ready_asset.pk}/captions/zh-Hans.vtt" default'
    assert '<track kind="captions" srclang="zh-Hans" label="中文"' in html
    assert track in html and "data-captions" in html
    assert f"/media-hls/{ready_asset.pk}/thumbnails.vtt" in html

    base = f"/media-hls/{ready_asset.pk}"
    master = client.get(f"{base}/master.m3u8").content.decode()
    assert '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="中文"' in master
    assert all(
        line.endswith('SUBTITLES="subs"')
        for line in master.splitlines()
        if line.startswith("#EXT-X-STREAM-INF")
    )
    playlist = client.get(f"{base}/captions/zh-Hans.m3u8").content.decode()
    assert "zh-Hans.vtt?hls=1" in playlist and "#EXT-X-ENDLIST" in playlist
    segment = client.get(f"{base}/captions/zh-Hans.vtt?hls=1")
    assert segment["Content-Type"].startswith("text/vtt")
    start = int(round(ready_asset.probe_data["hls_start"] * 90_000))
    assert (
        f"X-TIMESTAMP-MAP=MPEGTS:{start},LOCAL=00:00:00.000" in segment.content.decode()
    )
    assert client.get(f"{base}/captions/en.vtt").status_code == 404

    thumbs = client.get(f"{base}/thumbnails.vtt").content.decode()
    sprite = next(line for line in thumbs.splitlines() if "#xywh=0,0," in line)
    assert sprite.startswith(f"/hls/{ready_asset.pk}/")
    image = client.get(sprite.split("#")[0])  # with the credential just given
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"

    # ffmpeg 5.1's HLS demuxer skips subtitle renditions ("Can't support the
    # subtitle"), so its WebVTT demuxer reads the served segment instead.
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-protocol_whitelist", "http,tcp", "-f", "webvtt",
         "-show_packets", "-of", "csv=p=0", "-show_entries", "packet=pts_time",
         f"{live_server.url}{base}/captions/zh-Hans.vtt?hls=1"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert out.stdout.split() == ["0.500000", "2.000000"]
