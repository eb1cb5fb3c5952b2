"""A file field that uploads resumably (tus) and still works without script.

With JavaScript the file travels in chunks to /uploads/ while the person
waits on a progress bar; the form then posts only the upload's id in a hidden
input. Without JavaScript it is an ordinary file input.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Collection

from . import uploads
from .models import MEDIA_ACCEPT
from .selectors import media_collections_for


class UploadToken(str):
    """The id of a finished resumable upload, posted instead of the bytes."""


class ResumableFileInput(forms.ClearableFileInput):
    template_name = "media_pipeline/widgets/resumable_file_input.html"

    class Media:
        js = ["vendor/tus.min.js", "media_pipeline/js/upload.js"]
        css = {"all": ["media_pipeline/css/upload.css"]}

    def __init__(self, attrs=None, *, limit: int | None = None) -> None:
        super().__init__(attrs)
        self.limit = limit

    def token_name(self, name: str) -> str:
        return f"{name}_upload"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        limit = self.limit or settings.MEDIA_UPLOAD_MAX_SIZE
        context["widget"].update(
            token_name=self.token_name(name),
            token=value if isinstance(value, UploadToken) else "",
            endpoint=reverse("media_upload_collection"),
            limit=limit,
            limit_label=filesizeformat(limit),
            # The file's own name, not where storage keeps it.
            current_name=PurePosixPath(getattr(value, "name", "") or "").name,
        )
        return context

    def value_from_datadict(self, data, files, name):
        token = data.get(self.token_name(name), "").strip()
        if token:
            return UploadToken(token)
        return super().value_from_datadict(data, files, name)

    def format_value(self, value):
        return None if isinstance(value, UploadToken) else super().format_value(value)


class ResumableFileField(forms.FileField):
    """Set `user` before validating: a token only opens its owner's upload."""

    widget = ResumableFileInput
    user = None

    def clean(self, data, initial=None):
        if isinstance(data, UploadToken):
            if self.user is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            try:
                return uploads.upload_open(upload_id=data, user=self.user)
            except uploads.UploadError as error:
                raise ValidationError(str(error), code="upload") from error
        return super().clean(data, initial)


class MediaAssetForm(WagtailAdminModelForm):
    """The admin's asset form: the original arrives by resumable upload.

    The asset goes into a collection the person may upload into; with only
    one (a teacher's own institution) the choice is not shown at all.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "collection" in self.fields:
            self._limit_collections()
        old = self.fields["file"]
        limit = uploads.upload_limit_for(self.for_user) if self.for_user else None
        field = ResumableFileField(
            label=old.label,
            required=old.required,
            help_text=_("视频或音频原文件"),
            widget=ResumableFileInput(attrs={"accept": MEDIA_ACCEPT}, limit=limit),
        )
        field.user = self.for_user
        self.fields["file"] = field

    def _limit_collections(self) -> None:
        if self.for_user is None:
            return
        collections = media_collections_for(user=self.for_user)
        if self.instance.pk:
            collections = collections | Collection.objects.filter(
                pk=self.instance.collection_id
            )
        collections = list(collections.distinct())
        field = self.fields["collection"]
        if len(collections) == 1:
            self.instance.collection = collections[0]
            del self.fields["collection"]
            return
        field.queryset = Collection.objects.filter(pk__in=[c.pk for c in collections])
        if not self.instance.pk:
            self.initial["collection"] = collections[0].pk
        field.choices = [(c.pk, c.get_indented_name(html=False)) for c in collections]
        field.help_text = _("放在哪个机构的资源里；上级机构也能选用。")
