"""The supermarket's one entry point: the index when it answers, the database
when it doesn't, editors' synonyms applied, and residents' queries counted."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db.models import F
from elasticsearch import ApiError, TransportError

from . import analysis, client, fallback, queries
from .models import SearchQuery, Synonym

logger = logging.getLogger(__name__)
SYNONYMS_CACHE_KEY = "search:synonyms"
INDEX_DOWN_CACHE_KEY = "search:index-down"
# After a failure the index is left alone this long, so a hung node costs one
# resident a timeout, not every resident.
INDEX_RETRY_AFTER = 30
INDEX_ERRORS = (TransportError, ApiError, ConnectionError, OSError)


def index_usable() -> bool:
    return client.is_configured() and not cache.get(INDEX_DOWN_CACHE_KEY)


def _index_failed(error: Exception) -> None:
    logger.warning("search index unavailable, using the database: %s", error)
    cache.set(INDEX_DOWN_CACHE_KEY, True, INDEX_RETRY_AFTER)


def synonyms_map() -> dict[str, list[str]]:
    """Each word to the other words of its synonym groups."""
    mapping = cache.get(SYNONYMS_CACHE_KEY)
    if mapping is None:
        mapping = {}
        for synonym in Synonym.objects.all():
            terms = synonym.terms
            for term in terms:
                others = [t for t in terms if t != term]
                mapping.setdefault(term, []).extend(others)
        cache.set(SYNONYMS_CACHE_KEY, mapping, 300)
    return mapping


def log_query(text: str, results: int) -> None:
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


def supermarket_search(
    request: queries.SearchRequest, *, log: bool = True
) -> queries.SearchResult:
    synonyms = synonyms_map()
    result = None
    if index_usable():
        try:
            result = queries.search(request, synonyms=synonyms)
        except INDEX_ERRORS as error:
            _index_failed(error)
    if result is None:
        result = fallback.search(request, synonyms=synonyms)
        result.degraded = client.is_configured()
    if log and request.query.strip() and request.page == 1:
        log_query(request.query, result.count)
    return result


def suggestions(prefix: str) -> list[str]:
    if index_usable():
        try:
            return queries.suggest(prefix)
        except INDEX_ERRORS as error:
            _index_failed(error)
    return fallback.suggest(prefix)


def unmet_demand(limit: int | None = 100):
    """Queries that found nothing, most asked first: the editors' report."""
    queries_ = SearchQuery.objects.filter(last_results=0).order_by(
        "-searches", "-last_searched_at"
    )
    return queries_[:limit] if limit else queries_


def popular_queries(limit: int = 8) -> list[str]:
    """What others found things with: offered when a search finds nothing."""
    return list(
        SearchQuery.objects.filter(last_results__gt=0)
        .order_by("-searches")
        .values_list("text", flat=True)[:limit]
    )
