"""Fixtures shared by the media pipeline tests."""

import pytest
from django.core.files import File

from media_pipeline import steps
from media_pipeline.models import MediaAsset
from tests.media_pipeline.clips import make


@pytest.fixture
def ready_asset(tmp_path):
    path = make(tmp_path / "lesson.mp4", size="320x240", seconds=3)
    with path.open("rb") as fh:
        asset = MediaAsset(title="八段锦示范", file=File(fh, name="lesson.mp4"))
        asset.full_clean()
        asset.save()
    steps.transcode(asset.pk)
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.READY
    return asset
