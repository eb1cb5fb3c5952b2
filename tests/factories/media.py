"""Media assets made the real way: a clip from ffmpeg, stored through the
configured storage and run through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File

from media_pipeline import steps
from media_pipeline.models import MediaAsset
from tests.media_pipeline.clips import make


def transcoded_asset(path: Path, title: str, **clip) -> MediaAsset:
    """Make `path` with ffmpeg (`clip` as for `make`), upload it and transcode it."""
    made = make(path, **clip)
    with made.open("rb") as fh:
        asset = MediaAsset(title=title, file=File(fh, name=made.name))
        asset.full_clean()
        asset.save()
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    return asset


def with_videos(lesson, asset: MediaAsset, *, captions: tuple[str, ...]):
    """Put one video block per caption (playing `asset`) before the lesson's
    own blocks, and publish it as an editor would."""
    lesson.body = [
        *[("video", {"asset": asset, "caption": caption}) for caption in captions],
        *[(block.block_type, block.value) for block in lesson.body],
    ]
    lesson.save_revision().publish()
    return lesson
