"""The tus 1.0 resumable-upload protocol (core, creation, termination,
expiration), as spoken by tus-js-client in the admin and on the resident form.

https://tus.io/protocols/resumable-upload — every decision lives in
`media_pipeline.uploads`; these views translate headers and status codes.
"""

from __future__ import annotations

import base64
import binascii
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.validation import ASCII_DIGITS

from .. import uploads
from ..models import Upload

TUS_VERSION = "1.0.0"


def _response(status: int, message: str = "", **headers) -> HttpResponse:
    response = HttpResponse(
        message, status=status, content_type="text/plain; charset=utf-8"
    )
    response["Tus-Resumable"] = TUS_VERSION
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


def _metadata(header: str) -> dict[str, str]:
    """`Upload-Metadata: filename d29ybGQ=,filetype dmlkZW8vbXA0`."""
    values = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _, encoded = pair.partition(" ")
        try:
            values[key] = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            values[key] = ""
    return values


def _expires(upload: Upload) -> str:
    lifetime = timedelta(hours=settings.MEDIA_UPLOAD_EXPIRY_HOURS)
    return http_date((upload.created_at + lifetime).timestamp())


def _header_int(request: HttpRequest, name: str) -> int:
    value = request.headers.get(name, "")
    if not ASCII_DIGITS.fullmatch(value):
        raise uploads.UploadError(_("上传请求不完整，请刷新页面重试。"), 400)
    return int(value)


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return _response(403, _("请先登录再上传。"))
    return None


@never_cache
@require_http_methods(["OPTIONS", "POST"])
def collection(request: HttpRequest) -> HttpResponse:
    if request.method == "OPTIONS":
        return _response(
            204,
            Tus_Version=TUS_VERSION,
            Tus_Extension="creation,termination,expiration",
        )
    if denied := _signed_in(request):
        return denied
    try:
        length = _header_int(request, "Upload-Length")
        meta = _metadata(request.headers.get("Upload-Metadata", ""))
        upload = uploads.upload_create(
            user=request.user, filename=meta.get("filename", ""), length=length
        )
    except uploads.UploadError as error:
        return _response(error.status, str(error))
    location = request.build_absolute_uri(reverse("media_upload", args=[upload.pk]))
    return _response(201, Location=location, Upload_Expires=_expires(upload))


@never_cache
@require_http_methods(["HEAD", "PATCH", "DELETE"])
def resource(request: HttpRequest, upload_id: str) -> HttpResponse:
    if denied := _signed_in(request):
        return denied
    try:
        upload = uploads.upload_get(upload_id=upload_id, user=request.user)
        if request.method == "HEAD":
            return _response(
                200,
                Upload_Offset=upload.offset,
                Upload_Length=upload.length,
                Upload_Expires=_expires(upload),
            )
        if request.method == "DELETE":
            uploads.upload_discard(upload)
            return _response(204)
        if request.content_type != "application/offset+octet-stream":
            return _response(415, _("上传请求格式不对。"))
        upload = uploads.upload_append(
            upload=upload,
            offset=_header_int(request, "Upload-Offset"),
            stream=request,
            length=_header_int(request, "Content-Length"),
        )
    except uploads.UploadError as error:
        return _response(error.status, str(error))
    return _response(204, Upload_Offset=upload.offset, Upload_Expires=_expires(upload))
