"""State changes for media assets."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from wagtail.models import Collection

from core.pagecache import tags_purge

from .models import MediaAsset
from .selectors import media_collections_for


def media_collection_default(*, user) -> Collection:
    """Where someone's upload goes when nobody said: their own institution's
    collection (the topmost they may upload into), else the root."""
    collections = media_collections_for(user=user) if user else None
    mine = collections.filter(depth__gt=1).first() if collections else None
    return mine or Collection.get_first_root_node()


@transaction.atomic
def media_asset_create(
    *, title: str, path: Path, user=None, collection: Collection | None = None
) -> MediaAsset:
    """Store a local file as a new asset's original (validated before storing)."""
    with Path(path).open("rb") as fh:
        asset = MediaAsset(title=title[:120], file=File(fh, name=Path(path).name))
        asset.uploaded_by = user
        asset.collection = collection or media_collection_default(user=user)
        asset.full_clean()
        asset.save()
    return asset


def media_asset_enqueue(asset: MediaAsset) -> None:
    """Queue the transcode once the asset row is committed."""
    from .tasks import transcode_task

    transaction.on_commit(lambda: transcode_task.delay(asset.pk))


#: Failures worth a second try: the machine's fault, not the file's.
RETRYABLE_FAILURES = {"timeout", "transcode_failed", "gave_up"}
#: A job that has shown no life for this long is treated as lost.
STUCK_AFTER = timedelta(minutes=5)


def media_asset_retryable(asset: MediaAsset) -> bool:
    """Whether "重新处理" can help: a transient failure, or a job lost on the way
    (the worker was down or the queue dropped it), never a file we refused."""
    if asset.status == MediaAsset.Status.FAILED:
        return asset.failure_reason in RETRYABLE_FAILURES
    if asset.status == MediaAsset.Status.READY:
        return False
    now = timezone.now()
    if asset.lease_until and asset.lease_until > now:
        return False
    return asset.created_at < now - STUCK_AFTER


def media_asset_retry(*, asset: MediaAsset) -> MediaAsset:
    """Start the asset's processing again from the original file."""
    MediaAsset.objects.filter(pk=asset.pk).update(
        status=MediaAsset.Status.UPLOADED,
        progress=0,
        failure_reason="",
        failure_detail="",
        lease_until=None,
        attempts=0,
    )
    tags_purge(tags=("pages",))
    asset.refresh_from_db()
    media_asset_enqueue(asset)
    return asset
