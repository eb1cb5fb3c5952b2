"""Fixtures shared by the media pipeline tests."""

import pytest

from media_pipeline.models import MediaAsset
from tests.factories.media import transcoded_asset


@pytest.fixture
def ready_asset(tmp_path):
    asset = transcoded_asset(
        tmp_path / "lesson.mp4", "八段锦示范", size="320x240", seconds=3
    )
    assert asset.status == MediaAsset.Status.READY
    return asset
