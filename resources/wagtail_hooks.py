from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = "内容领域"
    list_display = ["name", "symbol", "slug", "sort_order"]
    ordering = ["sort_order"]


register_snippet(TopicViewSet)
