"""State changes for media assets."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.db import transaction
from wagtail.models import Collection

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
