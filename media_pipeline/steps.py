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
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils import timezone

from core.pagecache import tags_purge

from . import ffmpeg, images, profiles
from .models import MediaAsset, Rendition
from .probe import ProbeError, ProbeResult, Reason, probe, segment_start
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
    if "status" in fields:
        # Its lesson page shows the player, or that the clip is not ready.
        tags_purge(tags=("pages",))


def mark_failed(asset: MediaAsset, *, reason: str, detail: str = "") -> None:
    _update(
        asset,
        status=MediaAsset.Status.FAILED,
        failure_reason=reason,
        failure_detail=detail[-2000:],
        lease_until=None,
    )


def fetch_source(asset: MediaAsset, workdir: Path, *, renew: float = 0) -> Path:
    """Copy the original out of storage; a long copy keeps renewing the lease
    (by `renew` seconds) so a big file on slow storage is not taken for dead."""
    suffix = Path(asset.file.name).suffix.lower()[:8]
    target = workdir / f"source{suffix}"
    renewed = time.monotonic()
    with (
        asset.file.storage.open(asset.file.name, "rb") as src,
        target.open("wb") as dst,
    ):
        while chunk := src.read(1024 * 1024):
            dst.write(chunk)
            if renew and time.monotonic() - renewed > 30:
                renewed = time.monotonic()
                extend_lease(asset, seconds=renew)
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


def give_up(asset: MediaAsset) -> None:
    """Claimed MAX_ATTEMPTS times and never finished: fail it, with a reason."""
    mark_failed(asset, reason=Reason.GAVE_UP, detail=f"{asset.attempts} attempts")


def transcode_timeout(duration: float) -> float:
    """How long ffmpeg may take over a file of this many seconds."""
    return (
        settings.MEDIA_PIPELINE_TIMEOUT_BASE
        + settings.MEDIA_PIPELINE_TIMEOUT_PER_SECOND * duration
    )


def acquire_lease(asset_id: int, *, seconds: float) -> MediaAsset:
    """Claim the asset for one worker; a redelivered job finds the lease held.

    The first claim only covers fetching and probing the original; once its
    duration is known, `extend_lease` sizes the claim to the transcode.
    """
    with transaction.atomic():
        asset = MediaAsset.objects.select_for_update().get(pk=asset_id)
        now = timezone.now()
        if asset.status in (MediaAsset.Status.READY, MediaAsset.Status.FAILED):
            raise AlreadyDone(asset_id)
        if asset.lease_until and asset.lease_until > now:
            raise LeaseHeld((asset.lease_until - now).total_seconds())
        exhausted = asset.attempts >= settings.MEDIA_PIPELINE_MAX_ATTEMPTS
        if exhausted:
            give_up(asset)
        else:
            asset.lease_until = now + timedelta(seconds=seconds)
            asset.attempts += 1
            asset.save(update_fields=["lease_until", "attempts"])
    if exhausted:
        raise AlreadyDone(asset_id)
    return asset


def extend_lease(asset: MediaAsset, *, seconds: float) -> None:
    _update(asset, lease_until=timezone.now() + timedelta(seconds=seconds))


def release_lease(asset_id: int) -> None:
    """End a claim early, so the next try (a retry or the sweeper's) need not
    wait for it. Best effort: with the database gone the lease simply runs
    out and the sweeper finds the asset then."""
    try:
        MediaAsset.objects.filter(pk=asset_id, lease_until__isnull=False).update(
            lease_until=timezone.now()
        )
    except DatabaseError:
        logger.warning("could not release the lease on asset %s", asset_id)


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
    asset with its reason (permanent: never retried). Whatever else goes
    wrong, the lease is released on the way out.
    """
    margin = settings.MEDIA_PIPELINE_LEASE_MARGIN
    asset = acquire_lease(asset_id, seconds=margin)
    try:
        return _transcode(asset, margin=margin)
    except BaseException:
        release_lease(asset_id)
        raise


def _transcode(asset: MediaAsset, *, margin: float) -> MediaAsset:
    with tempfile.TemporaryDirectory(dir=settings.MEDIA_PIPELINE_TMP_DIR) as tmp:
        workdir = Path(tmp)
        source = fetch_source(asset, workdir, renew=margin)
        try:
            result = probe_step(asset, source)
        except ProbeError as error:
            mark_failed(asset, reason=error.reason, detail=error.detail)
            return asset
        timeout = transcode_timeout(result.duration)
        extend_lease(asset, seconds=timeout + margin)
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
            timeout=timeout,
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


def sweep_stuck(*, now=None) -> dict[str, int]:
    """Assets whose lease ran out unfinished: their worker died (kill -9, a
    lost machine, a broker that forgot the job). Queue each again, or fail it
    with a reason once it has been claimed MAX_ATTEMPTS times.

    Returns the asset ids to queue and the count failed; the caller queues
    them after commit.
    """
    now = now or timezone.now()
    requeue, failed = [], 0
    unfinished = MediaAsset.objects.exclude(
        status__in=(MediaAsset.Status.READY, MediaAsset.Status.FAILED)
    ).filter(lease_until__lt=now)
    for asset_id in unfinished.values_list("pk", flat=True):
        with transaction.atomic():
            asset = (
                unfinished.select_for_update(skip_locked=True)
                .filter(pk=asset_id)
                .first()
            )
            if asset is None:
                continue
            if asset.attempts >= settings.MEDIA_PIPELINE_MAX_ATTEMPTS:
                give_up(asset)
                failed += 1
                continue
            _update(
                asset, status=MediaAsset.Status.QUEUED, progress=0, lease_until=None
            )
            requeue.append(asset_id)
    return {"requeue": requeue, "failed": failed}
