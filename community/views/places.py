"""The learning map: venues and institutions, as a list first and a map on top."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.pagecache import response_cacheable

from ..selectors import district_get, districts, map_places, place_kinds


def learning_map(request: HttpRequest) -> HttpResponse:
    district = district_get(request.GET.get("district", ""))
    kinds = place_kinds()
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(kinds) else ""
    places = map_places(kind=kind, district=district)
    response_cacheable(request=request, tags=("pages",))
    pins = [place.as_json() for place in places if place.latitude is not None]
    return render(
        request,
        "community/learning_map.html",
        {
            "places": places,
            "pins": pins,
            "pinned": len(pins),
            "districts": districts(),
            "district": district,
            "kinds": kinds,
            "kind": kind,
            "tile_url": settings.LEARNING_MAP_TILE_URL,
            "tile_attribution": settings.LEARNING_MAP_ATTRIBUTION,
        },
    )
