"""HLS playlists for the player, with segment URLs signed by the storage.

Media stays private in the bucket. Playlists are served here, where access is
checked, and every segment line is rewritten to a short-lived signed URL, so a
private lesson's video cannot be fetched by guessing paths.
"""

from __future__ import annotations

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .models import MediaAsset
from .selectors import asset_is_public, asset_readable_by

PLAYLIST = re.compile(r"^(master|[0-9a-z]+/index)\.m3u8$")


def rewrite_playlist(text: str, *, segment_url) -> str:
    """Replace segment URIs (lines ending in .ts) with absolute signed URLs."""
    lines = []
    for line in text.splitlines():
        if line and not line.startswith("#") and line.endswith(".ts"):
            line = segment_url(line)
        lines.append(line)
    return "\n".join(lines) + "\n"


@require_GET
def hls_playlist(request: HttpRequest, asset_id: int, path: str) -> HttpResponse:
    if not PLAYLIST.match(path):
        raise Http404
    asset = get_object_or_404(MediaAsset, pk=asset_id, status=MediaAsset.Status.READY)
    if not asset_readable_by(asset=asset, user=request.user):
        raise Http404
    storage = asset.file.storage
    hls_root = asset.hls_master.rsplit("/", 1)[0]
    key = f"{hls_root}/{path}"
    folder = key.rsplit("/", 1)[0]
    try:
        with storage.open(key, "rb") as fh:
            text = fh.read().decode()
    except FileNotFoundError as error:
        raise Http404 from error
    body = rewrite_playlist(
        text, segment_url=lambda name: storage.url(f"{folder}/{name}")
    )
    response = HttpResponse(body, content_type="application/vnd.apple.mpegurl")
    # Signed segment URLs expire, so playlists are never cached for long.
    response["Cache-Control"] = (
        "public, max-age=60" if asset_is_public(asset=asset) else "private, no-store"
    )
    return response
