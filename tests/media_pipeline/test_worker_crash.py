"""A worker killed with SIGKILL mid-transcode, on Redis and on the embedded
filesystem broker: the asset ends ready exactly once, after the dead worker's
lease runs out, and no half-written rendition is ever exposed.

Redis redelivers the unacknowledged job itself; the filesystem broker loses it
(it has no acknowledgements), so there the sweeper queues it again. Both
workers run the sweeper in their embedded beat, as `make run` does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files import File
from django.db import connection
from django.utils import timezone

from media_pipeline.models import MediaAsset, Rendition
from tests.media_pipeline.clips import make

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)
# ffmpeg may take 40 s + 1 s per second of media (a 12 s clip: 52 s) and the
# lease lasts 8 s longer: generous for a busy machine, short enough to wait for.
LEASE_ENV = {
    "MEDIA_PIPELINE_TIMEOUT_BASE": "40",
    "MEDIA_PIPELINE_TIMEOUT_PER_SECOND": "1",
    "MEDIA_PIPELINE_LEASE_MARGIN": "8",
    "MEDIA_PIPELINE_SWEEP_SECONDS": "1",
}


def _env(broker: str, tmp_path: Path) -> dict[str, str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", **LEASE_ENV}
    base = env["DATABASE_URL"].rsplit("/", 1)[0]
    env["DATABASE_URL"] = f"{base}/{connection.settings_dict['NAME']}"
    env["CELERY_VISIBILITY_TIMEOUT"] = "4"
    env["CELERY_BEAT_ONLY"] = "sweep-stuck-media"
    if broker == "filesystem":
        env["CELERY_BROKER_URL"] = "filesystem://localhost/"
        env["CELERY_BROKER_DIR"] = str(tmp_path / "broker")
        for name in ("data", "processed", "control"):
            (tmp_path / "broker" / name).mkdir(parents=True, exist_ok=True)
    return env


def _worker(env: dict[str, str], tmp_path: Path, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "worker", "-B",
         "-n", f"{name}@%h", "-s", str(tmp_path / f"beat-{name}"),
         "-Q", "default,media",
         "-c", "1", "-l", "warning", "--without-heartbeat", "--without-gossip",
         "--without-mingle"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip


def _wait(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("broker", ["redis", "filesystem"])
def test_sigkill_mid_transcode_ends_ready_exactly_once(tmp_path, broker):
    # 480p: three renditions, long enough to be killed halfway.
    path = make(tmp_path / "long.mp4", size="854x480", seconds=12)
    with path.open("rb") as fh:
        asset = MediaAsset(title="长视频", file=File(fh, name="long.mp4"))
        asset.full_clean()
        asset.save()
    env = _env(broker, tmp_path)

    first = _worker(env, tmp_path, "first")
    try:
        subprocess.run(
            [sys.executable, "-m", "celery", "-A", "cms", "call", "--queue", "media",
             "media_pipeline.transcode_task", f"--args=[{asset.pk}]"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        _wait(
            lambda: MediaAsset.objects.filter(
                pk=asset.pk, status=MediaAsset.Status.PROCESSING, progress__gte=5
            ).first(),
            120,
            "the transcode to get going",
        )
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
    killed_at = timezone.now()

    killed = MediaAsset.objects.get(pk=asset.pk)
    assert killed.status != MediaAsset.Status.READY
    assert killed.hls_master == ""
    assert not Rendition.objects.filter(asset=asset).exists()
    # The claim was sized from the probed 12 s (40 + 12 + 8 s), not hours.
    assert 0 < (killed.lease_until - killed_at).total_seconds() <= 60

    second = _worker(env, tmp_path, "second")
    try:
        done = _wait(
            lambda: MediaAsset.objects.filter(
                pk=asset.pk, status=MediaAsset.Status.READY
            ).first(),
            240,
            "the job to be taken up again and finish",
        )
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=60)

    # Exactly once: the dead claim and one more, which published.
    assert done.attempts == 2
    assert done.failure_reason == ""
    storage = done.file.storage
    with storage.open(done.hls_master) as fh:
        master = fh.read().decode()
    for variant in [line for line in master.splitlines() if line.endswith(".m3u8")]:
        folder = done.hls_master.rsplit("/", 1)[0] + "/" + variant.rsplit("/", 1)[0]
        with storage.open(done.hls_master.rsplit("/", 1)[0] + "/" + variant) as fh:
            playlist = fh.read().decode()
        assert "#EXT-X-ENDLIST" in playlist
        for segment in [x for x in playlist.splitlines() if x.endswith(".ts")]:
            assert storage.exists(f"{folder}/{segment}")
