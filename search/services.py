"""State changes of the supermarket that are not the index itself."""

from __future__ import annotations

from django.db.models import F

from . import analysis
from .models import SearchQuery


def search_query_record(*, text: str, results: int) -> None:
    """Count one search for `text` that found `results`, for the editors'
    unmet-demand list and the "大家常搜" chips."""
    text = analysis.normalise(text)[:100]
    if not text:
        return
    query, created = SearchQuery.objects.get_or_create(
        text=text, defaults={"searches": 1, "last_results": results}
    )
    if not created:
        SearchQuery.objects.filter(pk=query.pk).update(
            searches=F("searches") + 1, last_results=results
        )
