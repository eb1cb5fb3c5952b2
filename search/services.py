"""State changes of the supermarket that are not the index itself."""

from __future__ import annotations

import hashlib

from django.db.models import F

from core.ratelimit import first_use

from . import analysis
from .models import SearchQuery

VISITOR_WINDOW = 30 * 24 * 3600


def search_query_record(*, text: str, results: int, visitor: str = "") -> None:
    """Count one search for `text` that found `results`, for the editors'
    unmet-demand list and the "大家常搜" chips.

    `visitor` (a hash of the client's address) is counted once per query in
    30 days, so one person repeating a phrase cannot make it "popular".
    """
    text = analysis.normalise(text)[:100]
    if not text:
        return
    new_visitor = bool(visitor) and first_use(
        "search-visitor:"
        + hashlib.sha256(f"{text}\n{visitor}".encode()).hexdigest()[:32],
        window=VISITOR_WINDOW,
    )
    query, created = SearchQuery.objects.get_or_create(
        text=text,
        defaults={
            "searches": 1,
            "last_results": results,
            "visitors": int(new_visitor),
        },
    )
    if not created:
        SearchQuery.objects.filter(pk=query.pk).update(
            searches=F("searches") + 1,
            last_results=results,
            visitors=F("visitors") + int(new_visitor),
        )
