from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import MediaAsset


class MediaAssetViewSet(SnippetViewSet):
    model = MediaAsset
    icon = "media"
    menu_label = "音视频"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["title", "kind", "created_at"]
    search_fields = ["title"]


register_snippet(MediaAssetViewSet)
