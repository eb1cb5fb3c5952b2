"""The supermarket page and its JSON API; all decisions are in `selectors`."""

from __future__ import annotations

import hashlib
import logging
import math

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError as KombuOperationalError

from core.pagecache import response_cacheable
from core.ratelimit import client_address

from . import cache, labels, queries, selectors, tasks
from .openapi import SCHEMA

logger = logging.getLogger(__name__)

SHELF_SIZE = 6


def search_request(
    params, *, near: tuple[str, str] = ("", "")
) -> queries.SearchRequest:
    """Read GET parameters leniently: bad values fall back to defaults.
    `near` is the resident's place and district (`selectors.place_nearby`)."""
    try:
        page = max(1, min(int(params.get("page", 1)), 500))
    except ValueError:
        page = 1
    sort = params.get("sort", "relevance")
    return queries.SearchRequest(
        query=params.get("q", "")[:100],
        filters={
            name: params.get(name, "")[:80]
            for name in queries.FACETS
            if params.get(name)
        },
        sort=sort if sort in queries.SORTS else "relevance",
        page=page,
        near_institution=near[0],
        near_district=near[1],
    )


NEAR_COOKIE = "near"


def _near_slug(request: HttpRequest) -> str:
    """The place the resident chose: just now (?near=), or on an earlier visit."""
    return request.GET.get(NEAR_COOKIE) or request.COOKIES.get(NEAR_COOKIE, "")


def _place(request: HttpRequest, places: list):
    slug = _near_slug(request)
    place = next((place for place in places if place.slug == slug), None)
    return place.specific if place is not None else None


def _search(request: HttpRequest) -> queries.SearchRequest:
    """The search asked for, ranking the resident's place first."""
    near = selectors.place_nearby(slug=_near_slug(request))
    return search_request(request.GET, near=near)


def _shelves(
    result: queries.SearchResult, names: dict[str, str], place=None
) -> list[dict]:
    """Browsing without a query: near you, featured, then one per content area."""
    shelves = []
    if place is not None:
        hits, count, filter_ = selectors.near_you(place, SHELF_SIZE)
        if hits:
            title = _("身边的课程 · %(place)s") % {"place": place.title}
            shelves.append({"title": title, "filter": filter_, "hits": hits,
                            "count": count, "near": True})  # fmt: skip
    featured = selectors.supermarket_search(
        queries.SearchRequest(filters={"featured": "true"}, size=SHELF_SIZE)
    )
    if featured.hits:
        shelves.append({"title": _("精品课程"), "filter": "featured=true",
                        "hits": featured.hits, "count": featured.count})  # fmt: skip
    for facet in result.facets.get("content_area", []):
        shelf = selectors.supermarket_search(
            queries.SearchRequest(
                filters={"content_area": facet["value"]}, size=SHELF_SIZE
            )
        )
        shelves.append({
            "title": names.get(facet["value"], facet["value"]),
            "filter": f"content_area={facet['value']}",
            "hits": shelf.hits, "count": shelf.count,
        })  # fmt: skip
    return shelves


def _count_search(
    request: HttpRequest, search: queries.SearchRequest, result: queries.SearchResult
) -> None:
    """Queue the search to be counted (first pages of typed searches only).

    A search narrowed by filters is not counted: its few or no results say
    nothing about the words, and editors would be offered 太极 as unmet
    demand because no 太极 event was text-only. A broker that is down costs
    the count, never the search."""
    if not search.query.strip() or search.page != 1 or search.filters:
        return
    visitor = hashlib.sha256(client_address(request).encode()).hexdigest()[:16]
    try:
        tasks.search_query_record_task.apply_async(
            (search.query, result.count, visitor, timezone.now().isoformat()),
            retry=False,
        )
    except (KombuOperationalError, OSError) as error:
        logger.warning("search not counted, broker unavailable: %s", error)


@require_GET
def supermarket(request: HttpRequest) -> HttpResponse:
    search = _search(request)
    result = selectors.supermarket_search(search)
    last_page = max(1, math.ceil(result.count / search.size))
    if result.count and search.page > last_page:
        # An old link or a typed ?page=99999: the last page, not an empty one.
        params = request.GET.copy()
        params["page"] = str(last_page)
        return redirect(f"{request.path}?{params.urlencode()}")
    _count_search(request, search, result)
    if not search.query.strip():
        # Shelves and filtered lists; a typed search is counted, so never
        # stored.
        response_cacheable(request=request, tags=("pages", cache.INDEX_TAG))
    names = labels.facet_labels(result.facets)
    browsing = not search.query.strip() and not search.filters
    places = selectors.places() if browsing else []
    place = _place(request, places)
    paginator = Paginator(range(result.count), search.size)
    context = {
        "search": search,
        "result": result,
        "facets": [
            {
                "name": name,
                "label": labels.FACET_NAMES[name],
                "selected": search.filters.get(name, ""),
                "values": [
                    {**value, "label": names[name].get(value["value"], value["value"])}
                    for value in result.facets.get(name, [])
                ],
            }
            for name in queries.FACETS
            if result.facets.get(name)
        ],
        "sorts": [
            ("relevance", _("最相关")),
            ("newest", _("最新")),
            ("most_watched", _("看的人最多")),
            ("best_rated", _("评分最高")),
        ],  # fmt: skip
        "shelves": _shelves(result, names["content_area"], place) if browsing else [],
        "places": [
            # Indented by level, so a township sits under its district.
            {
                "slug": option.slug,
                "label": "\u3000" * (option.depth - places[0].depth) + option.title,
            }
            for option in places
        ],  # fmt: skip
        "place": place,
        "page_obj": paginator.get_page(search.page) if result.count else None,
        "popular": selectors.popular_queries() if not result.count else [],
        "did_you_mean": selectors.did_you_mean(search.query, result.count),
    }
    response = render(request, "search/supermarket.html", context)
    if place is not None and request.GET.get(NEAR_COOKIE):
        response.set_cookie(
            NEAR_COOKIE, place.slug, max_age=365 * 24 * 3600, samesite="Lax"
        )
    return response


def _hit_json(hit: queries.Hit) -> dict:
    return {
        "id": hit.id, "kind": hit.kind, "external_id": hit.external_id,
        "title": hit.title, "detail": hit.detail, "coming": hit.coming,
        "url": hit.url,
        "snippet": hit.snippet, "content_area": hit.content_area,
        "audiences": hit.audiences, "format": hit.format,
        "duration_seconds": hit.duration_seconds, "institution": hit.institution,
    }  # fmt: skip


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    search = _search(request)
    result = selectors.supermarket_search(search)
    _count_search(request, search, result)
    if not search.query.strip():
        # Shelves and filtered lists; a typed search is counted, so never
        # stored.
        response_cacheable(request=request, tags=("pages", cache.INDEX_TAG))
    response = JsonResponse(
        {
            "count": result.count,
            "did_you_mean": selectors.did_you_mean(search.query, result.count),
            "results": [_hit_json(hit) for hit in result.hits],
            "facets": result.facets,
            "engine": result.engine,
            "degraded": result.degraded,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "public, max-age=30"
    return response


@require_GET
def api_suggest(request: HttpRequest) -> JsonResponse:
    suggestions = selectors.suggestions(request.GET.get("q", "")[:50])
    return JsonResponse(
        {"suggestions": suggestions}, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def api_schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(SCHEMA, json_dumps_params={"ensure_ascii": False})
