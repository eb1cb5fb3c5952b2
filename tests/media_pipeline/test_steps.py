"""The pipeline steps over real storage (the S3 server in CI) and a real worker."""

from __future__ import annotations

import subprocess
from datetime import timedelta

import pytest
from django.core.files import File
from django.utils import timezone

from media_pipeline import steps
from media_pipeline.models import MediaAsset, Rendition
from media_pipeline.probe import Reason
from media_pipeline.tasks import transcode_task
from tests.media_pipeline.clips import OLD_VIDEO, make
from tests.media_pipeline.test_probe import _png_bomb

pytestmark = pytest.mark.django_db(transaction=True)


def _asset(path) -> MediaAsset:
    with path.open("rb") as fh:
        asset = MediaAsset(title="测试视频", file=File(fh, name=path.name))
        asset.full_clean()
        asset.save()
    return asset


def _listing(storage, prefix: str) -> list[str]:
    client = storage.connection.meta.client
    response = client.list_objects_v2(Bucket=storage.bucket_name, Prefix=prefix)
    return [item["Key"] for item in response.get("Contents", [])]


def test_transcode_publishes_every_output_to_storage(tmp_path):
    asset = _asset(make(tmp_path / "lesson.mp4", size="640x360", seconds=3))
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY and asset.progress == 100
    assert (asset.width, asset.height) == (640, 360)
    storage = asset.file.storage
    with storage.open(asset.hls_master) as fh:
        master = fh.read().decode()
    assert "RESOLUTION=640x360" in master and "audio/index.m3u8" in master
    assert [r.profile for r in asset.renditions.order_by("-height")] == [
        "h264-360p",
        "h264-240p",
    ]
    head = storage.connection.meta.client.head_object(
        Bucket=storage.bucket_name, Key=asset.hls_master
    )
    assert head["ContentType"] == "application/vnd.apple.mpegurl"
    assert storage.exists(asset.download)
    assert asset.poster.endswith("/poster.jpg") and storage.exists(asset.poster)
    with storage.open(asset.thumbnails) as fh:
        track = fh.read().decode()
    assert track.startswith("WEBVTT") and "sprite_001.jpg#xywh=0,0,160,90" in track
    assert storage.exists(asset.thumbnails.replace("thumbnails.vtt", "sprite_001.jpg"))


def test_a_new_attempt_removes_superseded_and_abandoned_outputs(tmp_path):
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    storage = asset.file.storage
    old_prefix = asset.hls_master.rsplit("/hls/", 1)[0]
    abandoned = storage.save(
        f"media-renditions/{asset.pk}/deadbeef0000/hls/360p/seg_0000.ts",
        File(tmp_path.joinpath("lesson.mp4").open("rb")),
    )
    MediaAsset.objects.filter(pk=asset.pk).update(status=MediaAsset.Status.UPLOADED)
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    new_prefix = asset.hls_master.rsplit("/hls/", 1)[0]
    assert new_prefix != old_prefix
    keys = _listing(storage, f"media-renditions/{asset.pk}/")
    assert keys and all(key.startswith(f"{new_prefix}/") for key in keys)
    assert abandoned not in keys and storage.exists(asset.poster)


def test_duplicate_delivery_does_nothing(tmp_path):
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    steps.transcode(asset.pk)
    first = MediaAsset.objects.get(pk=asset.pk).hls_master
    with pytest.raises(steps.AlreadyDone):
        steps.transcode(asset.pk)
    assert MediaAsset.objects.get(pk=asset.pk).hls_master == first


def test_a_held_lease_blocks_a_second_worker(tmp_path):
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    MediaAsset.objects.filter(pk=asset.pk).update(
        lease_until=timezone.now() + timedelta(minutes=5)
    )
    with pytest.raises(steps.LeaseHeld):
        steps.transcode(asset.pk)


def test_a_failure_after_the_claim_releases_it(tmp_path):
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    asset.file.storage.delete(asset.file.name)  # the original vanished: OSError
    with pytest.raises(OSError):
        steps.transcode(asset.pk)
    asset.refresh_from_db()
    assert asset.lease_until <= timezone.now()
    assert asset.attempts == 1 and asset.status != MediaAsset.Status.FAILED


def test_the_claim_is_sized_from_the_probed_duration(tmp_path, settings):
    settings.MEDIA_PIPELINE_TIMEOUT_BASE = 100
    settings.MEDIA_PIPELINE_TIMEOUT_PER_SECOND = 10
    settings.MEDIA_PIPELINE_LEASE_MARGIN = 50
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=4))
    claims = []
    real_run = steps.ffmpeg.run

    def watching(args, **kwargs):
        claims.append(MediaAsset.objects.get(pk=asset.pk).lease_until)
        claims.append(kwargs["timeout"])
        return real_run(args, **kwargs)

    steps.ffmpeg.run, saved = watching, real_run
    try:
        steps.transcode(asset.pk)
    finally:
        steps.ffmpeg.run = saved
    lease_until, timeout = claims
    assert timeout == pytest.approx(100 + 10 * 4, abs=1)
    left = (lease_until - timezone.now()).total_seconds()
    assert 150 < left <= 190  # 100 + 40 + 50 s from the probe, minus the transcode


def test_the_sweeper_queues_a_dead_claim_again_then_gives_up(tmp_path, settings):
    settings.MEDIA_PIPELINE_MAX_ATTEMPTS = 2
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    alive = _asset(make(tmp_path / "other.mp4", size="320x240", seconds=2))
    past, future = (
        timezone.now() - timedelta(seconds=1),
        timezone.now() + timedelta(minutes=5),
    )
    MediaAsset.objects.filter(pk=asset.pk).update(
        status=MediaAsset.Status.PROCESSING, progress=40, lease_until=past, attempts=1
    )
    MediaAsset.objects.filter(pk=alive.pk).update(
        status=MediaAsset.Status.PROCESSING, lease_until=future, attempts=1
    )
    assert steps.sweep_stuck() == {"requeue": [asset.pk], "failed": 0}
    asset.refresh_from_db()
    assert (asset.status, asset.progress, asset.lease_until) == ("queued", 0, None)
    assert steps.sweep_stuck() == {"requeue": [], "failed": 0}  # queued once only

    MediaAsset.objects.filter(pk=asset.pk).update(lease_until=past, attempts=2)
    assert steps.sweep_stuck() == {"requeue": [], "failed": 1}
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.FAILED
    assert asset.failure_message == str(Reason.GAVE_UP.label)
    assert "重新处理" in asset.failure_message
    assert MediaAsset.objects.get(pk=alive.pk).status == "processing"
    # A job redelivered after that does nothing.
    with pytest.raises(steps.AlreadyDone):
        steps.transcode(asset.pk)


def test_a_claim_beyond_the_attempts_fails_the_asset(tmp_path, settings):
    settings.MEDIA_PIPELINE_MAX_ATTEMPTS = 2
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    MediaAsset.objects.filter(pk=asset.pk).update(attempts=2)
    with pytest.raises(steps.AlreadyDone):
        steps.transcode(asset.pk)
    asset.refresh_from_db()
    assert (asset.status, asset.failure_reason) == ("failed", "gave_up")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.mp4", "这不是视频".encode() * 50, "not_media"),
        (
            "playlist.mp4",
            b"#EXTM3U\n#EXTINF:1,\nhttp://127.0.0.1:9/x.ts\n",
            "not_media",
        ),
        ("concat.mp4", b"ffconcat version 1.0\nfile '/etc/passwd'\n", "not_media"),
        ("setup.mp4", b"MZ\x90\x00" + bytes(range(256)) * 8, "not_media"),
        ("bomb.mkv", None, "too_large"),
    ],
)
def test_hostile_upload_fails_with_a_reason_and_stores_nothing(
    tmp_path, name, content, reason
):
    path = tmp_path / name
    if content is None:  # a 16000×16000 PNG copied, not decoded, into Matroska
        bomb = _png_bomb(tmp_path / "bomb.png")
        subprocess.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-i", str(bomb), "-c", "copy",
             str(path)],
            check=True, timeout=60,
        )  # fmt: skip
    else:
        path.write_bytes(content)
    asset = _asset(path)
    # Ids restart between transactional tests while the bucket keeps its files.
    before = _listing(asset.file.storage, f"media-renditions/{asset.pk}/")
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.FAILED
    assert asset.failure_reason in (reason, "unsupported_format")
    assert asset.failure_message
    assert not Rendition.objects.filter(asset=asset).exists()
    assert _listing(asset.file.storage, f"media-renditions/{asset.pk}/") == before


@pytest.mark.parametrize("suffix", [".wmv", ".vob", ".rmvb"])
def test_old_archive_formats_transcode_like_the_rest(tmp_path, suffix):
    """A WMV, a DVD's VOB and a RealMedia file become the same HLS ladder."""
    path = make(tmp_path / f"archive{suffix}", size="320x240", seconds=2,
                video=OLD_VIDEO[suffix])  # fmt: skip
    asset = _asset(path)
    assert asset.kind == MediaAsset.Kind.VIDEO
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY, asset.failure_detail
    assert asset.duration == pytest.approx(2.0, abs=0.3)
    assert asset.renditions.exists() and asset.file.storage.exists(asset.download)


def test_a_fake_realmedia_file_is_refused_in_plain_words(tmp_path):
    path = tmp_path / "第三讲.rmvb"
    path.write_bytes(b".RMF\x00\x00\x00\x12" + b"\x00" * 200)
    asset = _asset(path)
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.FAILED
    assert asset.failure_message in {
        str(Reason.NOT_MEDIA.label),
        str(Reason.DAMAGED.label),
    }


def test_real_worker_runs_the_transcode_task(tmp_path, media_worker):
    asset = _asset(make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    result = transcode_task.delay(asset.pk)
    assert result.get(timeout=120) == MediaAsset.Status.READY
    assert MediaAsset.objects.get(pk=asset.pk).status == MediaAsset.Status.READY
