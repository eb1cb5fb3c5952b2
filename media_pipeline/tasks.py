from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import steps, uploads
from .ffmpeg import FFmpegError
from .models import MediaAsset
from .probe import MAX_DURATION

LONGEST = int(
    steps.transcode_timeout(MAX_DURATION) + settings.MEDIA_PIPELINE_LEASE_MARGIN
)


@shared_task(
    name="media_pipeline.transcode_task",
    queue="media",
    acks_late=True,
    reject_on_worker_lost=True,
    # A database that is briefly locked or unreachable is a reason to wait,
    # not to leave the asset half-processed.
    autoretry_for=(FFmpegError, OSError, OperationalError, InterfaceError),
    retry_backoff=30,
    retry_jitter=True,
    max_retries=2,
    # The longest file we accept may take this long; the lease and ffmpeg's
    # own timeout stop a stuck one sooner.
    soft_time_limit=LONGEST,
    time_limit=LONGEST + 300,
)
def transcode_task(asset_id: int) -> str:
    """Transcode one asset; a job redelivered while another runs is dropped."""
    try:
        asset = steps.transcode(asset_id)
    except steps.AlreadyDone:
        return MediaAsset.Status.READY
    except MediaAsset.DoesNotExist:
        return "deleted"
    except steps.LeaseHeld as held:
        # Someone else holds it (or held it and died): look again when the
        # lease runs out, so a killed worker's job is finished, not dropped.
        raise transcode_task.retry(
            countdown=min(max(held.seconds_left, 1), 300), max_retries=100
        ) from held
    except FFmpegError as error:
        if transcode_task.request.retries >= transcode_task.max_retries:
            asset = MediaAsset.objects.get(pk=asset_id)
            reason = "timeout" if error.timed_out else "transcode_failed"
            steps.mark_failed(asset, reason=reason, detail=error.stderr_tail)
            return asset.status
        raise
    return asset.status


@shared_task(name="media_pipeline.sweep_stuck_task")
def sweep_stuck_task() -> dict[str, int]:
    """Queue again the transcodes whose worker died; fail those tried enough."""
    swept = steps.sweep_stuck()
    for asset_id in swept["requeue"]:
        transcode_task.delay(asset_id)
    return {"requeued": len(swept["requeue"]), "failed": swept["failed"]}


@shared_task(name="media_pipeline.expire_uploads_task")
def expire_uploads_task() -> int:
    """Resumable uploads nobody finished within the expiry are removed."""
    return uploads.expire_uploads()
