"""HLS playlists, captions and thumbnail tracks for the player.

Media stays private in the bucket. The master playlist is served here, where
access is checked; it hands out the asset's credential (credentials.py) and
points at the variant playlists under /hls/, which are the stored files as
they are, with relative segment URIs. The front server checks the
credential there for every file; `hls_file` does where there is none.
Caption tracks live in the database and are added to the master playlist as
HLS subtitle renditions as soon as a teacher uploads them.
"""

from __future__ import annotations

import math
import re

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from .. import captions, credentials
from ..models import Caption, MediaAsset
from ..selectors import asset_is_public, asset_readable_by

VARIANT_PLAYLIST = re.compile(r"^(master|[0-9a-z]+/index)\.m3u8$")
CAPTION = re.compile(r"^captions/(?P<language>[A-Za-z-]{2,10})\.(?P<ext>m3u8|vtt)$")
HLS_TYPE = "application/vnd.apple.mpegurl"


def rewrite_master(text: str, *, variant_url) -> str:
    """Point the master's variant lines (`240p/index.m3u8`) at /hls/."""
    lines = []
    for line in text.splitlines():
        if line and not line.startswith("#") and line.endswith(".m3u8"):
            line = variant_url(line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def add_subtitles(master: str, tracks: list[Caption]) -> str:
    """Declare caption tracks as an HLS SUBTITLES group on every variant."""
    if not tracks:
        return master
    media = [
        f'#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="{t.label}",'
        f'LANGUAGE="{t.language}",DEFAULT={"YES" if i == 0 else "NO"},'
        f'AUTOSELECT=YES,URI="captions/{t.language}.m3u8"'
        for i, t in enumerate(tracks)
    ]
    lines = [
        f'{line},SUBTITLES="subs"' if line.startswith("#EXT-X-STREAM-INF:") else line
        for line in master.splitlines()
    ]
    first = next(i for i, x in enumerate(lines) if x.startswith("#EXT-X-STREAM-INF:"))
    return "\n".join(lines[:first] + media + lines[first:]) + "\n"


def subtitle_playlist(asset: MediaAsset, language: str) -> str:
    """One WebVTT segment spanning the whole asset."""
    duration = asset.duration or 0.0
    return (
        "#EXTM3U\n#EXT-X-VERSION:3\n"
        f"#EXT-X-TARGETDURATION:{math.ceil(duration)}\n"
        "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n"
        f"#EXTINF:{duration:.3f},\n{language}.vtt?hls=1\n#EXT-X-ENDLIST\n"
    )


def rewrite_thumbnails(text: str, *, sprite_url) -> str:
    """Point each cue's sprite (`sprite_001.jpg#xywh=…`) at a signed URL."""
    lines = []
    for line in text.splitlines():
        if "#xywh=" in line and "-->" not in line:
            name, _, fragment = line.partition("#")
            line = f"{sprite_url(name)}#{fragment}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _read(storage, key: str) -> str:
    try:
        with storage.open(key, "rb") as fh:
            return fh.read().decode()
    except FileNotFoundError as error:
        raise Http404 from error


def _respond(asset: MediaAsset, body: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = (
        "public, max-age=60" if asset_is_public(asset=asset) else "private, no-store"
    )
    return response


def _with_credential(request, asset: MediaAsset, response: HttpResponse):
    credentials.credential_issue(request=request, response=response, asset_id=asset.pk)
    # It carries this viewer's credential: never stored for anyone else.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def hls_playlist(request: HttpRequest, asset_id: int, path: str) -> HttpResponse:
    caption = CAPTION.match(path)
    if not (VARIANT_PLAYLIST.match(path) or caption or path == "thumbnails.vtt"):
        raise Http404
    asset = get_object_or_404(MediaAsset, pk=asset_id, status=MediaAsset.Status.READY)
    if not asset_readable_by(asset=asset, request=request):
        raise Http404
    storage = asset.file.storage
    if caption:
        track = get_object_or_404(
            Caption, asset=asset, language=caption["language"], webvtt__gt=""
        )
        if caption["ext"] == "m3u8":
            return _respond(asset, subtitle_playlist(asset, track.language), HLS_TYPE)
        body = track.webvtt
        if request.GET.get("hls"):
            start = float(asset.probe_data.get("hls_start", 0.0))
            body = captions.with_timestamp_map(body, start)
        return _respond(asset, body, "text/vtt; charset=utf-8")
    if path == "thumbnails.vtt":
        if not asset.thumbnails:
            raise Http404
        folder = asset.thumbnails.rsplit("/", 1)[0]
        body = rewrite_thumbnails(
            _read(storage, asset.thumbnails),
            sprite_url=lambda name: credentials.hls_url(f"{folder}/{name}"),
        )
        return _with_credential(
            request, asset, _respond(asset, body, "text/vtt; charset=utf-8")
        )
    hls_root = asset.hls_master.rsplit("/", 1)[0]
    if path != "master.m3u8":
        # A variant asked for here (the player's sound-only choice): its
        # stored file, by way of /hls/ and the credential.
        return _with_credential(
            request,
            asset,
            HttpResponseRedirect(credentials.hls_url(f"{hls_root}/{path}")),
        )
    body = rewrite_master(
        _read(storage, asset.hls_master),
        variant_url=lambda line: credentials.hls_url(f"{hls_root}/{line}"),
    )
    body = add_subtitles(body, list(asset.captions.exclude(webvtt="")))
    return _with_credential(request, asset, _respond(asset, body, HLS_TYPE))


CONTENT_TYPES = {"m3u8": HLS_TYPE, "ts": "video/mp2t", "jpg": "image/jpeg"}


@require_GET
def hls_file(request: HttpRequest, asset_id: int, path: str) -> HttpResponse:
    """A transcoded file under /hls/, for a viewer holding the asset's
    credential. The front server answers these itself in production
    (deploy/nginx); this is the same check where there is none."""
    match = credentials.FILE.match(path)
    if not match or ".." in path.split("/"):
        raise Http404
    if not credentials.credential_valid(request=request, asset_id=asset_id):
        return HttpResponseForbidden(b"", content_type="text/plain")
    storage = MediaAsset._meta.get_field("file").storage
    try:
        handle = storage.open(f"{credentials.STORAGE_PREFIX}{asset_id}/{path}", "rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=CONTENT_TYPES[match.group(2)])
    # The files of a transcode never change (a new one gets a new folder).
    response["Cache-Control"] = "private, max-age=86400, immutable"
    return response
