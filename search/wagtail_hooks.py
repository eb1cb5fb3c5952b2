"""The supermarket in the admin: the thesaurus editors maintain and the
suggestions for it mined from searches, a report of what residents searched
for and did not find, and the searches offered to everyone as "大家常搜",
where an editor can hide one."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views
from .models import SearchQuery, Synonym
from .selectors import POPULAR_MIN_VISITORS, unmet_demand


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "resubmit"
    menu_label = "搜索同义词"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["words", "means", "category", "note"]
    list_filter = ["category"]
    search_fields = ["words", "means"]


register_snippet(SynonymViewSet)


@hooks.register("register_admin_urls")
def register_candidate_urls():
    return [
        path(
            "search-candidates/",
            admin_views.synonym_candidates,
            name="search_synonym_candidates",
        )
    ]


class CandidatesMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_review(request.user)


@hooks.register("register_admin_menu_item")
def candidates_menu_item():
    return CandidatesMenuItem(
        "同义词建议",
        reverse("search_synonym_candidates"),
        icon_name="resubmit",
        order=265,
    )


class UnmetDemandIndexView(IndexView):
    def get_base_queryset(self):
        return unmet_demand(limit=None)


class UnmetDemandViewSet(ModelViewSet):
    """Zero-result queries, the most asked first."""

    model = SearchQuery
    icon = "search"
    menu_label = "没搜到的内容"
    menu_order = 270
    add_to_admin_menu = True
    url_prefix = "search-unmet"
    inspect_view_enabled = False
    list_display = ["text", "searches", "last_searched_at"]
    search_fields = ["text"]
    form_fields = ["text"]
    ordering = ["-searches", "-last_searched_at"]
    index_view_class = UnmetDemandIndexView


unmet_demand_viewset = UnmetDemandViewSet("search_unmet")


@hooks.register("register_admin_viewset")
def register_unmet_demand():
    return unmet_demand_viewset


class PopularQueryIndexView(IndexView):
    def get_base_queryset(self):
        return SearchQuery.objects.filter(
            last_results__gt=0, visitors__gte=POPULAR_MIN_VISITORS
        ).order_by("-visitors", "-searches")


class PopularQueryViewSet(ModelViewSet):
    """Searches many residents made that found something: the candidates
    for the "大家常搜" chips. Editing one only hides or shows it."""

    model = SearchQuery
    icon = "list-ul"
    menu_label = "大家常搜"
    menu_order = 275
    add_to_admin_menu = True
    url_prefix = "search-popular"
    inspect_view_enabled = False
    list_display = [
        "text",
        "visitors",
        "searches",
        BooleanColumn("hidden", label="不在“大家常搜”里显示"),
    ]
    list_filter = ["hidden"]
    search_fields = ["text"]
    form_fields = ["hidden"]
    index_view_class = PopularQueryIndexView


popular_query_viewset = PopularQueryViewSet("search_popular")


@hooks.register("register_admin_viewset")
def register_popular_queries():
    return popular_query_viewset
