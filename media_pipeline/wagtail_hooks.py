from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
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
    Each generic view looks its objects up through a different method, so
    each view below routes its own one to `scoped_assets`.
    """

    def scoped_assets(self):
        return media_assets_for(user=self.request.user, actions=("change",))


class ObjectScoped(InstitutionScoped):
    """Edit and delete look the asset up in `get_queryset`."""

    def get_queryset(self):
        return self.scoped_assets()


class BaseObjectScoped(InstitutionScoped):
    """Usage and history look it up in `get_base_object_queryset`."""

    def get_base_object_queryset(self):
        return self.scoped_assets()


class MediaAssetIndexView(InstitutionScoped, IndexView):
    def get_base_queryset(self):
        return self.scoped_assets().select_related("collection")


class MediaAssetCreateView(CreateView):
    """Saving an upload queues its transcode; the listing shows the progress."""

    def save_instance(self):
        asset = super().save_instance()
        upload_discard_on_commit(self.form.cleaned_data.get("file"))
        if not asset.uploaded_by_id:
            MediaAsset.objects.filter(pk=asset.pk).update(uploaded_by=self.request.user)
        media_asset_enqueue(asset)
        return asset


class MediaAssetEditView(ObjectScoped, EditView):
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


class MediaAssetDeleteView(ObjectScoped, DeleteView):
    pass


class MediaAssetUsageView(BaseObjectScoped, UsageView):
    pass


class MediaAssetHistoryView(BaseObjectScoped, HistoryView):
    pass


class ChooseScoped:
    """The chooser lists, and answers for, only assets the person may choose."""

    def choosable(self):
        return media_assets_for(user=self.request.user, actions=("choose",))

    def get_object_list(self):
        return self.choosable().select_related("collection")

    @property
    def columns(self):
        """Two clips called 第一课 are told apart by status, place and date."""
        return [
            *super().columns,
            Column("status", label=_("状态"), accessor="get_status_display"),
            Column("collection", label=_("所属机构")),
            DateColumn("created_at", label=_("上传时间")),
        ]


class MediaAssetChooseView(ChooseScoped, chooser.ChooseView):
    pass


class MediaAssetChooseResultsView(ChooseScoped, chooser.ChooseResultsView):
    pass


class MediaAssetChosenView(ChooseScoped, chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.choosable().get(pk=pk)


class MediaAssetChosenMultipleView(ChooseScoped, chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.choosable().filter(pk__in=pks)


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
