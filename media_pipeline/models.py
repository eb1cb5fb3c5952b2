"""Audio and video files that lessons embed.

Only the original upload is stored here; transcoding into streaming renditions
belongs to the media pipeline's later steps.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    Collection,
    CollectionMember,
    Orderable,
    get_root_collection_id,
)
from wagtail.search import index

from . import captions

VIDEO_EXTENSIONS = (
    "mp4", "m4v", "mov", "webm", "mkv", "avi", "ts", "mts", "m2ts", "flv", "3gp", "3g2",
    "wmv", "asf", "mpg", "mpeg", "vob", "rm", "rmvb",
)  # fmt: skip
AUDIO_EXTENSIONS = (
    "mp3", "m4a", "aac", "wav", "ogg", "oga", "opus", "amr", "flac", "wma", "ra",
)  # fmt: skip

# For file pickers: by type, and by name for the old formats whose types
# browsers don't file under video/* (RealMedia, VOB).
MEDIA_ACCEPT = ",".join(
    ["video/*", "audio/*", *(f".{e}" for e in (*VIDEO_EXTENSIONS, *AUDIO_EXTENSIONS))]
)


def original_upload_to(instance: MediaAsset, filename: str) -> str:
    """A fresh folder per upload: user-chosen names never collide or traverse."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"media-originals/{uuid.uuid4().hex}/original{suffix}"


def validate_media_file(file, *, limit: int | None = None) -> None:
    """Refuse wrong types and oversized files before anything is stored."""
    extension = PurePosixPath(file.name).suffix.lower().lstrip(".")
    if extension not in (*VIDEO_EXTENSIONS, *AUDIO_EXTENSIONS):
        allowed = "、".join((*VIDEO_EXTENSIONS, *AUDIO_EXTENSIONS))
        raise ValidationError(
            _("不支持这种文件格式，请上传视频或音频（%(allowed)s）。"),
            params={"allowed": allowed},
            code="media_type",
        )
    limit = limit or settings.MEDIA_UPLOAD_MAX_SIZE
    if file.size > limit:
        raise ValidationError(
            _("文件太大了（%(size)s），最大允许 %(limit)s。"),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
            code="media_size",
        )


class MediaAsset(CollectionMember, index.Indexed, ClusterableModel):
    """An uploaded original and what the pipeline made of it.

    Like images and documents, an asset lives in its institution's collection,
    so who may see, choose and change it follows the institution tree
    (permissions.py).
    """

    class Kind(models.TextChoices):
        VIDEO = "video", _("视频")
        AUDIO = "audio", _("音频")

    title = models.CharField(_("标题"), max_length=120)
    collection = models.ForeignKey(
        Collection,
        default=get_root_collection_id,
        verbose_name=_("所属机构"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(
        _("类型"), max_length=10, choices=Kind.choices, editable=False
    )
    file = models.FileField(
        _("文件"), upload_to=original_upload_to, validators=[validate_media_file]
    )
    original_filename = models.CharField(max_length=255, editable=False, blank=True)
    size = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("已上传")
        PROBING = "probing", _("检查文件中")
        QUEUED = "queued", _("排队等待转码")
        PROCESSING = "processing", _("转码中")
        READY = "ready", _("可以播放")
        FAILED = "failed", _("处理失败")

    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    failure_reason = models.CharField(max_length=30, blank=True)
    failure_detail = models.TextField(blank=True)
    duration = models.FloatField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    probe_data = models.JSONField(default=dict, blank=True, editable=False)
    hls_master = models.CharField(max_length=300, blank=True, editable=False)
    download = models.CharField(max_length=300, blank=True, editable=False)
    poster = models.CharField(max_length=300, blank=True, editable=False)
    thumbnails = models.CharField(max_length=300, blank=True, editable=False)
    waveform = models.CharField(max_length=300, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("collection"),
        index.FilterField("uploaded_by"),
    ]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("音视频")
        verbose_name_plural = _("音视频")
        permissions = [("choose_mediaasset", _("可以选用音视频"))]

    def __str__(self) -> str:
        return self.title

    @property
    def download_url(self) -> str:
        """Signed (on S3) URL of the 360p MP4, the fallback and offline copy."""
        return self.file.storage.url(self.download) if self.download else ""

    @property
    def credential_renew_seconds(self) -> int:
        """How often the player renews its HLS credential (credentials.py):
        three times per lifetime, so one lost renewal never stops a lesson."""
        return max(10, settings.MEDIA_HLS_CREDENTIAL_SECONDS // 3)

    @property
    def poster_url(self) -> str:
        return self.file.storage.url(self.poster) if self.poster else ""

    @property
    def waveform_url(self) -> str:
        return self.file.storage.url(self.waveform) if self.waveform else ""

    @property
    def failure_message(self) -> str:
        from .probe import Reason

        if not self.failure_reason:
            return ""
        try:
            return str(Reason(self.failure_reason).label)
        except ValueError:
            return str(_("转码失败，请稍后重试或联系管理员"))

    def clean(self) -> None:
        super().clean()
        if self.file and not getattr(self.file, "_committed", True):
            name = PurePosixPath(self.file.name).name
            self.original_filename = name[:255]
            self.size = self.file.size
            extension = PurePosixPath(name).suffix.lower().lstrip(".")
            self.kind = (
                self.Kind.AUDIO if extension in AUDIO_EXTENSIONS else self.Kind.VIDEO
            )


class Rendition(models.Model):
    """One published HLS variant of an asset."""

    asset = models.ForeignKey(
        MediaAsset, on_delete=models.CASCADE, related_name="renditions"
    )
    profile = models.CharField(max_length=20)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    playlist = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "profile"], name="one_rendition_per_profile"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset_id}:{self.profile}"


def caption_upload_to(instance: Caption, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:5]
    return f"media-captions/{uuid.uuid4().hex}/original{suffix}"


class Caption(Orderable):
    """A subtitle track. The upload is kept; players get the cleaned WebVTT."""

    class Language(models.TextChoices):
        CHINESE = "zh-Hans", _("中文")
        ENGLISH = "en", _("English")
        CANTONESE = "yue", _("粤语")
        OTHER = "und", _("其他语言")

    asset = ParentalKey(MediaAsset, on_delete=models.CASCADE, related_name="captions")
    language = models.CharField(
        _("语言"), max_length=10, choices=Language.choices, default=Language.CHINESE
    )
    file = models.FileField(
        _("字幕文件"),
        upload_to=caption_upload_to,
        help_text=_("SRT 或 VTT 文件，GBK 或 UTF-8 编码都可以"),
    )
    webvtt = models.TextField(editable=False, blank=True)

    panels = [FieldPanel("language"), FieldPanel("file")]

    class Meta(Orderable.Meta):
        verbose_name = _("字幕")
        verbose_name_plural = _("字幕")
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "language"], name="one_caption_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset_id}:{self.language}"

    @property
    def label(self) -> str:
        return str(self.get_language_display())

    def clean(self) -> None:
        super().clean()
        if self.file and not getattr(self.file, "_committed", True):
            extension = PurePosixPath(self.file.name).suffix.lower()
            if extension not in (".srt", ".vtt"):
                raise ValidationError(
                    {"file": _("字幕请上传 SRT 或 VTT 文件。")}, code="caption_type"
                )
            self.file.seek(0)
            raw = self.file.read(captions.MAX_BYTES + 1)
            self.file.seek(0)
            try:
                self.webvtt = captions.to_webvtt(raw)
            except ValidationError as error:
                raise ValidationError({"file": error.messages}) from error


class Upload(models.Model):
    """A resumable (tus) upload on its way in.

    Its bytes wait in MEDIA_UPLOAD_DIR until a form turns them into an asset's
    original; unfinished ones expire. The id is the capability a client
    resumes with, so it is random, and only its owner may use it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    filename = models.CharField(max_length=255)
    length = models.PositiveBigIntegerField()
    offset = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.length})"

    @property
    def complete(self) -> bool:
        return self.offset == self.length
