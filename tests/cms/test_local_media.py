"""`make run` serves its local media folder, but only what is public."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from cms.views import local_media


@pytest.fixture
def folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    for name in ("images/a.jpg", "media-renditions/7/abc/hls/seg_0000.ts",
                 "media-originals/f00/original.mp4", "documents/私密名单.xlsx",
                 "media-captions/c1/original.srt"):  # fmt: skip
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return tmp_path


@pytest.mark.parametrize(
    "name", ["images/a.jpg", "media-renditions/7/abc/hls/seg_0000.ts"]
)
def test_public_files_are_served(folder, name):
    response = local_media(RequestFactory().get(f"/media/{name}"), name)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "name",
    ["media-originals/f00/original.mp4", "documents/私密名单.xlsx",
     "media-captions/c1/original.srt", "images/../documents/私密名单.xlsx"],
)  # fmt: skip
def test_originals_documents_and_captions_are_not(folder, name):
    with pytest.raises(Http404):
        local_media(RequestFactory().get(f"/media/{name}"), name)
