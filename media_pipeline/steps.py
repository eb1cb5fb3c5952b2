"""The pipeline as small steps over a MediaAsset: probe → plan → transcode → publish.

Storage-agnostic: the original is copied out through `storage.open`, ffmpeg
works in a scratch folder outside the project, and outputs are saved back
through the same storage (local folder or S3) under a fresh prefix per
attempt. The asset only points at the new outputs once all of them are
stored, in one transaction, so a killed worker never exposes a half-written
rendition and a re-run simply starts a new attempt.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from . import ffmpeg, images, profiles
from .models import MediaAsset, Rendition
from .probe import ProbeError, ProbeResult, probe, segment_start
from .signals import asset_ready

logger = logging.getLogger(__name__)
PROGRESS_WRITE_INTERVAL = 2.0


class LeaseHeld(Exception):
    """Another worker is transcoding this asset right now."""

    def __init__(self, seconds_left: float) -> None:
        super().__init__(f"lease held for {seconds_left:.0f}s")
        self.seconds_left = seconds_left


class AlreadyDone(Exception):
    """The asset is ready; a duplicate delivery has nothing to do."""


def _update(asset: MediaAsset, **fields) -> None:
    MediaAsset.objects.filter(pk=asset.pk).update(**fields)
    for name, value in fields.items():
        setattr(asset, name, value)


def mark_failed(asset: MediaAsset, *, reason: str, detail: str = "") -> None:
    _update(
        asset,
        status=MediaAsset.Status.FAILED,
        failure_reason=reason,
        failure_detail=detail[-2000:],
        lease_until=None,
    )


def fetch_source(asset: MediaAsset, workdir: Path) -> Path:
    suffix = Path(asset.file.name).suffix.lower()[:8]
    target = workdir / f"source{suffix}"
    with (
        asset.file.storage.open(asset.file.name, "rb") as src,
        target.open("wb") as dst,
    ):
        shutil.copyfileobj(src, dst, length=1024 * 1024)
    return target


def probe_step(asset: MediaAsset, source: Path) -> ProbeResult:
    _update(asset, status=MediaAsset.Status.PROBING)
    result = probe(source)
    size = result.display_size or (None, None)
    _update(
        asset,
        duration=result.duration,
        width=size[0],
        height=size[1],
        kind=MediaAsset.Kind.VIDEO if result.video else MediaAsset.Kind.AUDIO,
        probe_data={"format": result.format_name, "has_audio": result.has_audio},
        status=MediaAsset.Status.QUEUED,
    )
    return result


def acquire_lease(asset_id: int, *, seconds: float) -> MediaAsset:
    """Claim the asset for one worker; a redelivered job finds the lease held."""
    with transaction.atomic():
        asset = MediaAsset.objects.select_for_update().get(pk=asset_id)
        now = timezone.now()
        if asset.status == MediaAsset.Status.READY:
            raise AlreadyDone(asset_id)
        if asset.lease_until and asset.lease_until > now:
            raise LeaseHeld((asset.lease_until - now).total_seconds())
        asset.lease_until = now + timedelta(seconds=seconds)
        asset.attempts += 1
        asset.save(update_fields=["lease_until", "attempts"])
    return asset


def finish_images(outputs: ffmpeg.Outputs, duration: float) -> dict[str, str]:
    """Write the thumbnails track and waveform next to ffmpeg's outputs.

    Returns the asset fields (relative to the attempt's prefix) to set.
    """
    fields = {}
    workdir = outputs.hls_dir.parent
    if outputs.poster and outputs.poster.exists():
        fields["poster"] = outputs.poster.name
    if outputs.sprites and any(workdir.glob("sprite_*.jpg")):
        vtt = workdir / "thumbnails.vtt"
        vtt.write_text(images.thumbnails_vtt(outputs.sprites, duration))
        fields["thumbnails"] = vtt.name
    if outputs.peaks and outputs.peaks.exists():
        svg = workdir / "waveform.svg"
        svg.write_text(images.waveform_svg(images.read_peaks(outputs.peaks)))
        outputs.peaks.unlink()
        fields["waveform"] = svg.name
    return fields


def _walk(storage, folder: str):
    """Every file key under a folder, on the local disk and on S3 alike."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for name in folders:
        yield from _walk(storage, f"{folder}/{name}")


def remove_other_attempts(asset: MediaAsset, keep: str) -> int:
    """Delete superseded and abandoned attempts' outputs; only `keep` stays."""
    storage = asset.file.storage
    root = f"media-renditions/{asset.pk}"
    removed = 0
    for key in list(_walk(storage, root)):
        if not key.startswith(f"{keep}/"):
            storage.delete(key)
            removed += 1
    return removed


def publish(
    asset: MediaAsset,
    workdir: Path,
    outputs: ffmpeg.Outputs,
    rungs,
    pictures: dict[str, str] | None = None,
) -> str:
    """Store every output under a fresh prefix, then switch the asset to it."""
    storage = asset.file.storage
    prefix = f"media-renditions/{asset.pk}/{uuid.uuid4().hex[:12]}"
    for path in sorted(p for p in workdir.rglob("*") if p.is_file()):
        relative = path.relative_to(workdir).as_posix()
        if relative.startswith("source"):
            continue
        with path.open("rb") as fh:
            stored = storage.save(f"{prefix}/{relative}", File(fh))
        if stored != f"{prefix}/{relative}":
            raise RuntimeError(f"storage renamed {relative} to {stored}")
    picture_fields = {"poster": "", "thumbnails": "", "waveform": ""}
    picture_fields.update(
        (field, f"{prefix}/{name}") for field, name in (pictures or {}).items()
    )
    with transaction.atomic():
        Rendition.objects.filter(asset=asset).delete()
        Rendition.objects.bulk_create(
            Rendition(
                asset=asset,
                profile=rung.profile.name,
                width=rung.width,
                height=rung.height,
                playlist=f"{prefix}/hls/{rung.profile.short_side}p/index.m3u8",
            )
            for rung in rungs
        )
        _update(
            asset,
            status=MediaAsset.Status.READY,
            progress=100,
            hls_master=f"{prefix}/hls/master.m3u8",
            download=f"{prefix}/download.mp4" if outputs.download else "",
            **picture_fields,
            failure_reason="",
            failure_detail="",
            lease_until=None,
        )
        transaction.on_commit(lambda: remove_other_attempts(asset, prefix))
        transaction.on_commit(
            lambda: asset_ready.send(
                sender=MediaAsset, asset=MediaAsset.objects.get(pk=asset.pk)
            )
        )
    return prefix


def transcode(asset_id: int) -> MediaAsset:
    """Run the whole pipeline for one asset.

    Raises AlreadyDone, LeaseHeld or FFmpegError; a ProbeError ends in a failed
    asset with its reason (permanent: never retried).
    """
    asset = MediaAsset.objects.get(pk=asset_id)
    lease = settings.MEDIA_PIPELINE_LEASE_SECONDS or 720 + 4 * (asset.duration or 3600)
    asset = acquire_lease(asset_id, seconds=lease)
    with tempfile.TemporaryDirectory(dir=settings.MEDIA_PIPELINE_TMP_DIR) as tmp:
        workdir = Path(tmp)
        source = fetch_source(asset, workdir)
        try:
            result = probe_step(asset, source)
        except ProbeError as error:
            mark_failed(asset, reason=error.reason, detail=error.detail)
            return asset
        rungs = profiles.plan_ladder(result)
        args, outputs = ffmpeg.build_args(source, workdir, result, rungs)
        _update(asset, status=MediaAsset.Status.PROCESSING, progress=0)
        last_write = [0.0]

        def on_progress(percent: float) -> None:
            now = time.monotonic()
            if now - last_write[0] >= PROGRESS_WRITE_INTERVAL:
                last_write[0] = now
                _update(asset, progress=min(99, int(percent)))

        ffmpeg.run(
            args,
            duration=result.duration,
            timeout=600 + 4 * result.duration,
            stall_timeout=settings.MEDIA_PIPELINE_STALL_TIMEOUT,
            on_progress=on_progress,
        )
        pictures = finish_images(outputs, result.duration)
        first = next(iter(sorted(outputs.hls_dir.glob("*/seg_0000.ts"))), None)
        if first:
            start = segment_start(first)
            _update(asset, probe_data={**asset.probe_data, "hls_start": start})
        publish(asset, workdir, outputs, rungs, pictures)
    logger.info("asset %s ready after %s attempt(s)", asset.pk, asset.attempts)
    return asset
