"""A worker killed with SIGKILL mid-transcode: the job still completes, and no
half-written rendition is ever exposed."""

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

from media_pipeline.models import MediaAsset, Rendition
from media_pipeline.tasks import transcode_task
from tests.media_pipeline.clips import make

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def _worker() -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    base = env["DATABASE_URL"].rsplit("/", 1)[0]
    env["DATABASE_URL"] = f"{base}/{connection.settings_dict['NAME']}"
    env["CELERY_VISIBILITY_TIMEOUT"] = "8"
    env["MEDIA_PIPELINE_LEASE_SECONDS"] = "12"
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "worker", "-Q", "media",
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


def test_sigkill_mid_transcode_then_restart_completes(tmp_path):
    # 480p: three renditions, long enough to be killed halfway, half the work of 720p.
    path = make(tmp_path / "long.mp4", size="854x480", seconds=20)
    with path.open("rb") as fh:
        asset = MediaAsset(title="长视频", file=File(fh, name="long.mp4"))
        asset.full_clean()
        asset.save()

    first = _worker()
    try:
        transcode_task.delay(asset.pk)
        _wait(
            lambda: MediaAsset.objects.filter(
                pk=asset.pk, status=MediaAsset.Status.PROCESSING, progress__gte=5
            ).exists(),
            120,
            "the transcode to get going",
        )
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)

    killed = MediaAsset.objects.get(pk=asset.pk)
    assert killed.status != MediaAsset.Status.READY
    assert killed.hls_master == ""
    assert not Rendition.objects.filter(asset=asset).exists()

    second = _worker()
    try:
        done = _wait(
            lambda: MediaAsset.objects.filter(
                pk=asset.pk, status=MediaAsset.Status.READY
            ).first(),
            240,
            "the redelivered job to finish",
        )
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=60)

    assert done.attempts >= 2
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
