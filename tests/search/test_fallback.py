"""The database fallback on PostgreSQL: GIN indexes narrow the match, and the
one-query facet counts agree with counting facet by facet."""

from __future__ import annotations

import pytest
from django.db import connection

from search import analysis, fallback, indexing, postgres, vocabulary
from search.models import SearchEntry
from search.queries import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(settings, demo_catalogue):
    settings.ELASTICSEARCH_URL = ""
    indexing.refresh_entries()
    return SearchEntry.objects.all()


def _concepts(query: str) -> list[analysis.Concept]:
    return analysis.concepts(query, pinyin_words=vocabulary.words_for)


def _plan(query: str) -> str:
    matched = fallback._matching(
        SearchEntry.objects.all(), SearchRequest(query), _concepts(query)
    )
    with connection.cursor() as cursor:
        # A demo-sized table is read whole; forbid that to see the index used.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return matched.explain()


def test_the_planner_narrows_with_the_gin_indexes(entries):
    assert postgres.enabled()
    assert "search_entry_words_gin" in _plan("太极 养生")
    # Typed pinyin is searched as the words it spells.
    assert "search_entry_words_gin" in _plan("taiji")


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(),
        SearchRequest(query="太极"),
        SearchRequest(query="老人 手机"),
        SearchRequest(filters={"content_area": "health-wellbeing"}),
        SearchRequest(query="taiji"),
    ],
    ids=["browse", "word", "words", "filter", "pinyin"],
)
def test_one_query_facets_agree_with_facet_by_facet(entries, monkeypatch, request_):
    concepts = _concepts(request_.query)
    one_query = fallback.search(request_, concepts=concepts)
    monkeypatch.setattr(postgres, "enabled", lambda: False)
    one_by_one = fallback.search(request_, concepts=concepts)
    assert one_query.count == one_by_one.count > 0
    assert one_query.facets == one_by_one.facets
    assert [hit.id for hit in one_query.hits] == [hit.id for hit in one_by_one.hits]
