"""The supermarket's one entry point: the index when it answers, the database
when it doesn't, editors' synonyms applied, and residents' queries counted."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db.models.functions import Length
from elasticsearch import ApiError, TransportError
from wagtail.models import Page

from institutions.models import (
    INSTITUTION_PAGE_MODELS,
    CityCentrePage,
    DistrictCollegePage,
)

from . import (
    analysis,
    client,
    correction,
    fallback,
    queries,
    thesaurus,
    vocabulary,
)
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
    """Each word to the words the thesaurus also searches it as."""
    mapping = cache.get(SYNONYMS_CACHE_KEY)
    if mapping is None:
        mapping = thesaurus.expansions(
            synonym.entry for synonym in Synonym.objects.all()
        )
        cache.set(SYNONYMS_CACHE_KEY, mapping, 300)
    return mapping


def supermarket_search(request: queries.SearchRequest) -> queries.SearchResult:
    """The supermarket's answer from the index, or from the database when the
    index is unset or unusable. Reads only: the views count searches through
    `tasks.search_query_record_task`."""
    concepts = analysis.concepts(
        request.query, synonyms=synonyms_map(), pinyin_words=vocabulary.words_for
    )
    result = None
    if index_usable():
        try:
            result = queries.search(request, concepts=concepts)
        except INDEX_ERRORS as error:
            _index_failed(error)
    if result is None:
        result = fallback.search(request, concepts=concepts)
        result.degraded = client.is_configured()
    return result


FEW_RESULTS = 3


def places() -> list:
    """Institutions a resident can call “near me”, in tree order."""
    return list(
        Page.objects.live().public().type(*INSTITUTION_PAGE_MODELS).order_by("path")
    )


def _district_of(place):
    if isinstance(place, DistrictCollegePage):
        return place
    return DistrictCollegePage.objects.ancestor_of(place).first()


def place_nearby(*, slug: str) -> tuple[str, str]:
    """The resident's chosen place and its district, as slugs for
    `SearchRequest.near_institution`/`near_district` (blank if the slug is
    not a public place, or is the whole city)."""
    if not slug:
        return "", ""
    place = (
        Page.objects.live()
        .public()
        .type(*INSTITUTION_PAGE_MODELS)
        .filter(slug=slug[:80])
        .specific()
        .first()
    )
    if place is None or isinstance(place, CityCentrePage):
        return "", ""
    district = _district_of(place)
    return place.slug, district.slug if district else ""


def near_you(place, size: int) -> tuple[list[queries.Hit], int, str]:
    """What a place offers: (hits, how many, the filter for all).

    A village or township shelf is topped up from its district, so a small
    teaching point still gets a full shelf.
    """

    if isinstance(place, CityCentrePage):
        return [], 0, ""
    district = _district_of(place)
    own: queries.SearchResult | None = None
    if place is not district:
        own = supermarket_search(
            queries.SearchRequest(filters={"institution": place.slug}, size=size)
        )
        if own.count >= size or district is None:
            return own.hits, own.count, f"institution={place.slug}"
    wider = supermarket_search(
        queries.SearchRequest(filters={"district": district.slug}, size=size * 2)
    )
    hits = list(own.hits) if own else []
    seen = {(hit.kind, hit.id) for hit in hits}  # a group's id may be a page's
    hits += [hit for hit in wider.hits if (hit.kind, hit.id) not in seen][
        : size - len(hits)
    ]
    return hits, wider.count, f"district={district.slug}"


def did_you_mean(query: str, found: int) -> str | None:
    """For a query that found little: the query as it probably was meant."""
    if found >= FEW_RESULTS or not analysis.has_han(query):
        return None

    def titles_for_pinyin(pinyin: str) -> list[str]:
        request = queries.SearchRequest(query=pinyin, size=10)
        return [hit.title for hit in supermarket_search(request).hits]

    def count(text: str) -> int:
        request = queries.SearchRequest(query=text, size=1)
        return supermarket_search(request).count

    return correction.did_you_mean(
        query, titles_for_pinyin=titles_for_pinyin, count=count, found=found
    )


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


# A chip is shown to every resident, so it must be something many people
# searched for, that found something, short enough to be a topic rather than
# a message ("加微信…领养老补贴"), and not hidden by an editor.
POPULAR_MIN_VISITORS = 5
POPULAR_MAX_LENGTH = 12


def popular_queries(limit: int = 8) -> list[str]:
    """What others found things with: offered when a search finds nothing."""
    return list(
        SearchQuery.objects.annotate(length=Length("text"))
        .filter(
            last_results__gt=0,
            hidden=False,
            visitors__gte=POPULAR_MIN_VISITORS,
            length__lte=POPULAR_MAX_LENGTH,
        )
        .order_by("-visitors", "-searches")
        .values_list("text", flat=True)[:limit]
    )
