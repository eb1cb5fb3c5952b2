from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Audience, LocalTheme, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "symbol", "slug", "sort_order"]
    ordering = ["sort_order"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order"]


class LocalThemeViewSet(SnippetViewSet):
    model = LocalTheme
    icon = "site"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order"]


class CourseTaxonomyGroup(SnippetViewSetGroup):
    menu_label = "课程分类"
    menu_icon = "tag"
    menu_order = 240
    items = (TopicViewSet, AudienceViewSet, LocalThemeViewSet)


register_snippet(CourseTaxonomyGroup)
