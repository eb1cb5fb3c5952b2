from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from .forms import MediaAssetForm
from .models import MediaAsset
from .selectors import media_assets_for
from .services import media_asset_enqueue
from .uploads import upload_discard_on_commit


class InstitutionScoped:
    """Only assets of the person's own institutions (and below) exist for them.

    Another institution's asset answers 404 on every URL, as if it were not
    there, rather than telling a teacher what other schools are preparing.
    """

    def scoped_assets(self):
        return media_assets_for(user=self.request.user, actions=("change",))

    def get_queryset(self):
        return self.scoped_assets()


class MediaAssetIndexView(IndexView):
    def get_base_queryset(self):
        return media_assets_for(
            user=self.request.user, actions=("change",)
        ).select_related("collection")


class MediaAssetCreateView(CreateView):
    """Saving an upload queues its transcode; the listing shows the progress."""

    def save_instance(self):
        asset = super().save_instance()
        upload_discard_on_commit(self.form.cleaned_data.get("file"))
        if not asset.uploaded_by_id:
            MediaAsset.objects.filter(pk=asset.pk).update(uploaded_by=self.request.user)
        media_asset_enqueue(asset)
        return asset


class MediaAssetEditView(InstitutionScoped, EditView):
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


class MediaAssetDeleteView(InstitutionScoped, DeleteView):
    pass


class MediaAssetUsageView(UsageView):
    def get_base_object_queryset(self):
        return media_assets_for(user=self.request.user, actions=("change",))


class MediaAssetHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return media_assets_for(user=self.request.user, actions=("change",))


class ChooseScoped:
    """The chooser lists, and answers for, only assets the person may choose."""

    def get_object_list(self):
        return media_assets_for(user=self.request.user, actions=("choose",))


class MediaAssetChooseView(ChooseScoped, chooser.ChooseView):
    pass


class MediaAssetChooseResultsView(ChooseScoped, chooser.ChooseResultsView):
    pass


class MediaAssetChosenView(chooser.SnippetChosenView):
    def get_object(self, pk):
        return media_assets_for(user=self.request.user, actions=("choose",)).get(pk=pk)


class MediaAssetChosenMultipleView(chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return media_assets_for(user=self.request.user, actions=("choose",)).filter(
            pk__in=pks
        )


class MediaAssetChooserViewSet(chooser.SnippetChooserViewSet):
    choose_view_class = MediaAssetChooseView
    choose_results_view_class = MediaAssetChooseResultsView
    chosen_view_class = MediaAssetChosenView
    chosen_multiple_view_class = MediaAssetChosenMultipleView


class MediaAssetViewSet(SnippetViewSet):
    model = MediaAsset
    icon = "media"
    menu_label = _("音视频")
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = MediaAssetIndexView
    add_view_class = MediaAssetCreateView
    edit_view_class = MediaAssetEditView
    delete_view_class = MediaAssetDeleteView
    usage_view_class = MediaAssetUsageView
    history_view_class = MediaAssetHistoryView
    chooser_viewset_class = MediaAssetChooserViewSet
    list_display = ["title", "kind", "status", "progress", "collection", "created_at"]
    list_filter = ["kind", "status"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("collection"),
            FieldPanel("file"),
            InlinePanel("captions", heading=_("字幕（SRT 或 VTT）"), label=_("字幕")),
        ],
        base_form_class=MediaAssetForm,
    )
    # No `search_fields`: with them Wagtail searches the raw column, without
    # the Chinese words the admin search backend indexes (search/admin_backend).


register_snippet(MediaAssetViewSet)
