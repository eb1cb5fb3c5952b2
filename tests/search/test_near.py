"""Once a resident has chosen a place, a search ranks what is there, then in
its district, before what is as relevant but far away, on both engines."""

from __future__ import annotations

import pytest

from search import selectors
from search.queries import SearchRequest, build_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def _ranked(query: str, **near) -> list[tuple[str, int, str]]:
    request = SearchRequest(query=query, size=100, **near)
    hits = selectors.supermarket_search(request).hits
    return [(hit.kind, hit.id, hit.institution) for hit in hits]


def test_the_residents_district_comes_first(engine, client):
    moved = 0
    for query in ("太极", "健康", "手机", "讲座", "社区"):
        plain = _ranked(query)
        far = [
            (position, hit)
            for position, hit in enumerate(plain)
            if selectors.place_nearby(slug=hit[2])[1]
            != selectors.place_nearby(slug=plain[0][2])[1]
        ]
        if not far:
            continue
        position, hit = far[0]
        district = selectors.place_nearby(slug=hit[2])[1]
        near = _ranked(query, near_district=district)
        assert sorted(near) == sorted(plain)  # the same results, reordered
        assert near.index(hit) <= position
        moved += near.index(hit) < position
    assert moved, "no query ranked the resident's district higher"

    # The page and the API read the place from the remembered choice.
    place, district = selectors.place_nearby(slug=hit[2])
    client.cookies["near"] = place
    first = client.get("/api/v1/search/", {"q": "社区"}).json()["results"][0]
    assert selectors.place_nearby(slug=first["institution"])[1] == district


def test_a_place_that_is_not_public_or_the_city_ranks_nothing(engine):
    assert selectors.place_nearby(slug="no-such-place") == ("", "")
    assert selectors.place_nearby(slug="x" * 500) == ("", "")
    assert selectors.place_nearby(slug="") == ("", "")
    body = build_body(SearchRequest(query="太极"), [])
    assert "functions" not in body["query"]["function_score"]["query"]
