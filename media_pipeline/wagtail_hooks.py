from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from .forms import MediaAssetForm
from .models import MediaAsset
from .services import media_asset_enqueue
from .uploads import upload_discard_on_commit


class MediaAssetCreateView(CreateView):
    """Saving an upload queues its transcode; the listing shows the progress."""

    def save_instance(self):
        asset = super().save_instance()
        upload_discard_on_commit(self.form.cleaned_data.get("file"))
        if not asset.uploaded_by_id:
            MediaAsset.objects.filter(pk=asset.pk).update(uploaded_by=self.request.user)
        media_asset_enqueue(asset)
        return asset


class MediaAssetEditView(EditView):
    def save_instance(self):
        replaced = "file" in self.form.changed_data
        asset = super().save_instance()
        upload_discard_on_commit(self.form.cleaned_data.get("file"))
        if replaced:
            MediaAsset.objects.filter(pk=asset.pk).update(
                status=MediaAsset.Status.UPLOADED, progress=0, hls_master="",
                lease_until=None,
            )  # fmt: skip
            media_asset_enqueue(asset)
        return asset


class MediaAssetViewSet(SnippetViewSet):
    model = MediaAsset
    icon = "media"
    menu_label = "音视频"
    menu_order = 250
    add_to_admin_menu = True
    add_view_class = MediaAssetCreateView
    edit_view_class = MediaAssetEditView
    list_display = ["title", "kind", "status", "progress", "created_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("file"),
            InlinePanel("captions", heading=_("字幕（SRT 或 VTT）"), label=_("字幕")),
        ],
        base_form_class=MediaAssetForm,
    )
    search_fields = ["title"]


register_snippet(MediaAssetViewSet)
