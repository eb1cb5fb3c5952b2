"""Resumable uploads: create, append, finish, discard, expire.

The tus views speak the protocol; everything they decide is here. Bytes are
appended to a part file under an exclusive lock, and the offset recorded in
the database only moves after the bytes are on disk, so a dropped connection
loses at most the unfinished chunk and the client resumes from the offset.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadhandler import (
    SkipFile,
    StopUpload,
    TemporaryFileUploadHandler,
)
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Upload, validate_media_file

#: Uploads still receiving bytes, per person: a phone sends two at a time.
MAX_ACTIVE_UPLOADS = 3
#: Every unexpired upload, finished ones included: a teacher who drops ten
#: videos has finished parts waiting, in order, to become lessons.
MAX_OPEN_UPLOADS = 20
COPY_CHUNK = 1024 * 1024


class UploadError(Exception):
    """A request the protocol answers with `status` and a readable message."""

    def __init__(self, message, status: int = 400) -> None:
        super().__init__(str(message))
        self.status = status


class UploadPart(File):
    """A finished upload opened for a form; `upload` is discarded once saved."""

    def __init__(self, upload: Upload) -> None:
        super().__init__(part_path(upload).open("rb"), name=upload.filename)
        self.upload = upload


def part_path(upload: Upload) -> Path:
    return Path(settings.MEDIA_UPLOAD_DIR) / f"{upload.pk.hex}.part"


def upload_limit_for(user) -> int:
    """Staff may upload full-length recordings; residents have their own cap."""
    if user.is_staff or user.has_perm("wagtailadmin.access_admin"):
        return settings.MEDIA_UPLOAD_MAX_SIZE
    return settings.RESIDENT_UPLOAD_MAX_SIZE


def upload_create(*, user, filename: str, length: int) -> Upload:
    name = PurePosixPath(filename.replace("\\", "/")).name[:255] or "upload"
    try:
        validate_media_file(
            SimpleNamespace(name=name, size=length), limit=upload_limit_for(user)
        )
    except ValidationError as error:
        status = 413 if error.code == "media_size" else 415
        raise UploadError(error.messages[0], status) from error
    if length <= 0:
        raise UploadError(_("文件是空的"), 400)
    cutoff = timezone.now() - timedelta(hours=settings.MEDIA_UPLOAD_EXPIRY_HOURS)
    open_uploads = Upload.objects.filter(user=user, created_at__gte=cutoff)
    active = open_uploads.filter(offset__lt=F("length"))
    if active.count() >= MAX_ACTIVE_UPLOADS or open_uploads.count() >= MAX_OPEN_UPLOADS:
        raise UploadError(_("您同时上传的文件太多了，请等前面的传完再试。"), 429)
    Path(settings.MEDIA_UPLOAD_DIR).mkdir(parents=True, exist_ok=True)
    upload = Upload.objects.create(user=user, filename=name, length=length)
    part_path(upload).touch(exist_ok=False)
    return upload


def upload_get(*, upload_id, user) -> Upload:
    """The user's own upload, or UploadError 404 (someone else's looks missing)."""
    try:
        return Upload.objects.get(pk=upload_id, user=user)
    except (Upload.DoesNotExist, ValidationError, ValueError) as error:
        raise UploadError(_("找不到这次上传，请重新选择文件。"), 404) from error


@contextmanager
def _locked(upload: Upload) -> Iterator[int]:
    try:
        fd = os.open(part_path(upload), os.O_WRONLY)
    except FileNotFoundError as error:
        raise UploadError(_("找不到这次上传，请重新选择文件。"), 404) from error
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise UploadError(_("这个文件正在上传中。"), 409) from error
        yield fd
    finally:
        os.close(fd)


def upload_append(*, upload: Upload, offset: int, stream, length: int) -> Upload:
    """Write one chunk at `offset`; returns the upload with its new offset."""
    with _locked(upload) as fd:
        upload.refresh_from_db(fields=["offset"])
        if offset != upload.offset:
            raise UploadError(_("上传位置不一致，将从断点继续。"), 409)
        if offset + length > upload.length:
            raise UploadError(_("上传的内容比文件本身还多。"), 400)
        os.lseek(fd, offset, os.SEEK_SET)
        written = 0
        try:
            while written < length:
                chunk = stream.read(min(COPY_CHUNK, length - written))
                if not chunk:
                    break
                os.write(fd, chunk)
                written += len(chunk)
        finally:
            # Whatever arrived before a dropped connection counts.
            os.fsync(fd)
            Upload.objects.filter(pk=upload.pk).update(offset=offset + written)
            upload.offset = offset + written
    return upload


def upload_open(*, upload_id, user) -> UploadPart:
    """A finished upload as a File for a model's FileField."""
    upload = upload_get(upload_id=upload_id, user=user)
    if not upload.complete:
        raise UploadError(_("文件还没有传完，请等进度条走完再提交。"), 400)
    return UploadPart(upload)


def upload_discard(upload: Upload) -> None:
    part_path(upload).unlink(missing_ok=True)
    Upload.objects.filter(pk=upload.pk).delete()


def upload_discard_on_commit(value) -> None:
    """Once the asset holding the bytes is committed, the part file goes."""
    if isinstance(value, UploadPart):
        upload = value.upload
        value.close()
        transaction.on_commit(lambda: upload_discard(upload))


def expire_uploads() -> int:
    cutoff = timezone.now() - timedelta(hours=settings.MEDIA_UPLOAD_EXPIRY_HOURS)
    stale = list(Upload.objects.filter(created_at__lt=cutoff))
    for upload in stale:
        upload_discard(upload)
    return len(stale)


class CheckedMediaUploadHandler(TemporaryFileUploadHandler):
    """Django's handler for a form's file input (the no-JavaScript path),
    refusing a file by its name before a byte is written and stopping it at
    the size limit, instead of spooling the whole body to the temp folder
    and letting the form refuse it afterwards. Why a file was refused is
    left on the request as `refused_uploads` ({field name: ValidationError})
    for the form to show."""

    def __init__(self, request=None, *, fields: tuple[str, ...], limit: int) -> None:
        super().__init__(request)
        self.fields, self.limit, self.received = fields, limit, 0
        if request is not None and not hasattr(request, "refused_uploads"):
            request.refused_uploads = {}

    def _refuse(self, error: ValidationError) -> None:
        if self.request is not None:
            self.request.refused_uploads[self.field_name] = error

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.received = 0
        self.field_name = field_name
        if field_name in self.fields:
            probe = SimpleNamespace(name=file_name, size=0)
            try:
                validate_media_file(probe, limit=self.limit)
            except ValidationError as error:
                self._refuse(error)
                raise SkipFile from error
        return super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.field_name in self.fields and self.received > self.limit:
            try:
                validate_media_file(
                    SimpleNamespace(name="x.mp4", size=self.received), limit=self.limit
                )
            except ValidationError as error:
                self._refuse(error)
            self.file.close()
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)
