"""State changes for media assets."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.db import transaction

from .models import MediaAsset


@transaction.atomic
def media_asset_create(*, title: str, path: Path, user=None) -> MediaAsset:
    """Store a local file as a new asset's original (validated before storing)."""
    with Path(path).open("rb") as fh:
        asset = MediaAsset(title=title[:120], file=File(fh, name=Path(path).name))
        asset.uploaded_by = user
        asset.full_clean()
        asset.save()
    return asset


def media_asset_enqueue(asset: MediaAsset) -> None:
    """Queue the transcode once the asset row is committed."""
    from .tasks import transcode_task

    transaction.on_commit(lambda: transcode_task.delay(asset.pk))
