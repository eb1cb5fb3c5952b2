"""The supermarket index on the real Elasticsearch node: built from published,
public pages only, behind an alias, kept true after changes, searched in
Chinese and pinyin with facets."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from elasticsearch import helpers
from wagtail.models import PageViewRestriction

from resources.models import CoursePage, LessonPage
from search import client, documents, indexing, queries, selectors, streaming
from search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(search_index, demo_catalogue):
    indexing.reindex()


def _titles(query: str, **filters) -> list[str]:
    """Through the selector, which reads typed pinyin as the catalogue's words."""
    request = queries.SearchRequest(query=query, filters=filters)
    result = selectors.supermarket_search(request)
    assert result.engine == "elasticsearch"
    return [hit.title for hit in result.hits]


def test_reindex_swaps_a_versioned_index_behind_the_alias(catalogue):
    first = indexing.current_indices()
    assert len(first) == 1 and first[0].startswith(f"{indexing.alias()}-")
    expected = documents.searchable_pages().count()
    assert queries.search(queries.SearchRequest()).count == expected
    result = indexing.reindex()
    assert indexing.current_indices() == [result.index] != first
    assert result.documents == expected and result.removed == first
    assert not client.get_client().indices.exists(index=first[0])


def test_chinese_words_pinyin_and_initials_find_the_course(catalogue):
    assert _titles("太极")[0] == "太极拳二十四式"
    assert _titles("taijiquan")[0] == "太极拳二十四式"
    assert "太极拳二十四式" in _titles("tjq")[:3]
    assert _titles("高血压吃什么")[0] == "高血压的家庭管理"
    assert "老年人防跌倒" in _titles("老人跌倒")[:3]


def test_facets_count_and_filter(catalogue):
    everything = queries.search(queries.SearchRequest())
    areas = {f["value"]: f["count"] for f in everything.facets["content_area"]}
    assert areas["health-wellbeing"] >= 3
    health = queries.search(
        queries.SearchRequest(filters={"content_area": "health-wellbeing"})
    )
    assert health.count == areas["health-wellbeing"]
    assert {hit.content_area for hit in health.hits} == {"health-wellbeing"}
    kinds = {f["value"] for f in everything.facets["format"]}
    assert "course" in kinds


def test_private_and_unpublished_pages_never_appear(catalogue):
    course = CoursePage.objects.get(title="太极拳二十四式")
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    lesson = LessonPage.objects.live().first()
    lesson.unpublish()
    indexing.sync_pages([*indexing.affected_pages(course), lesson.pk])
    assert "太极拳二十四式" not in _titles("太极拳")
    assert lesson.title not in _titles(lesson.title)
    assert "太极拳二十四式" not in queries.suggest("太极")
    assert indexing.consistency().ok


def test_consistency_reports_missing_stale_and_extra(catalogue):
    course = CoursePage.objects.get(title="太极拳二十四式")
    es = client.get_client()
    es.delete(index=indexing.alias(), id=str(course.pk), refresh=True)
    hypertension = CoursePage.objects.get(title="高血压的家庭管理")
    hypertension.title = "高血压的家庭管理（新版）"
    hypertension.save_revision().publish()
    report = indexing.consistency()
    assert course.pk in report.missing and hypertension.pk in report.stale
    indexing.sync_pages([*report.missing, *report.stale])
    assert indexing.consistency().ok
    assert _titles("高血压")[0] == "高血压的家庭管理（新版）"


def test_suggestions_complete_chinese_and_pinyin(catalogue):
    assert "太极拳二十四式" in queries.suggest("太极")
    assert "太极拳二十四式" in queries.suggest("taiji")


def test_searches_during_a_reindex_never_come_back_empty(catalogue):
    counts: list[int] = []
    stop = threading.Event()

    def search_loop():
        from django.db import connection

        while not stop.is_set():
            counts.append(queries.search(queries.SearchRequest(query="太极")).count)
        connection.close()

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        for _ in range(3):
            indexing.reindex()
    finally:
        stop.set()
        thread.join(timeout=30)
    assert len(counts) > 5 and min(counts) > 0


def test_commands_rebuild_and_check(catalogue):
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert "documents in" in out.getvalue()
    course = CoursePage.objects.get(title="太极拳二十四式")
    client.get_client().delete(index=indexing.alias(), id=str(course.pk), refresh=True)
    with pytest.raises(SystemExit):
        call_command("search_check", stdout=StringIO())
    out = StringIO()
    call_command("search_check", "--fix", stdout=out)
    assert str(course.pk) in out.getvalue() and indexing.consistency().ok


def test_reindex_streams_stored_documents_and_builds_only_what_changed(
    catalogue, monkeypatch
):
    course = CoursePage.objects.get(title="太极拳二十四式")
    lesson = LessonPage.objects.live().exclude(title__contains="太极").first()
    # Changed behind Django's back: no signal, no sync task.
    CoursePage.objects.filter(pk=course.pk).update(
        title="太极拳二十四式（修订）", last_published_at=timezone.now()
    )
    LessonPage.objects.filter(pk=lesson.pk).update(live=False)
    assert indexing.refresh_entries() == 1
    assert not SearchEntry.objects.filter(page_id=lesson.pk).exists()
    assert indexing.refresh_entries() == 0
    indexing.reindex()
    assert _titles("太极")[0] == "太极拳二十四式（修订）"
    assert lesson.title not in _titles(lesson.title)

    monkeypatch.setattr(documents, "DOCUMENT_VERSION", documents.DOCUMENT_VERSION + 1)
    assert indexing.refresh_entries() == documents.searchable_pages().count()
    assert set(SearchEntry.objects.values_list("version", flat=True)) == {
        documents.DOCUMENT_VERSION
    }


def test_a_rejected_document_stops_the_reindex_and_leaves_the_old_index(catalogue):
    before = indexing.current_indices()
    entry = SearchEntry.objects.order_by("page_id").last()
    entry.document = {**entry.document, "not_in_the_mapping": "x"}
    entry.save(update_fields=["document"])
    with pytest.raises(helpers.BulkIndexError) as raised:
        indexing.reindex()
    assert "strict_dynamic_mapping_exception" in str(raised.value.errors)
    assert indexing.current_indices() == before
    assert client.get_client().indices.get(index=f"{indexing.alias()}-*").keys() == set(
        before
    )
    assert _titles("太极")[0] == "太极拳二十四式"


def test_changes_synced_while_the_new_index_fills_are_caught_up(catalogue, monkeypatch):
    hypertension = CoursePage.objects.get(title="高血压的家庭管理")
    lesson = LessonPage.objects.live().exclude(title__contains="高血压").first()
    stream = streaming.index_stored

    def stream_while_editors_work(es, index, **options):
        sent = stream(es, index, **options)
        if index != indexing.alias():  # the new index, before the swap
            hypertension.title = "高血压的家庭管理（第二版）"
            hypertension.save_revision().publish()
            lesson.unpublish()
            indexing.sync_pages([hypertension.pk, lesson.pk])  # to the old index
        return sent

    monkeypatch.setattr(streaming, "index_stored", stream_while_editors_work)
    indexing.reindex()
    assert _titles("高血压")[0] == "高血压的家庭管理（第二版）"
    assert lesson.title not in _titles(lesson.title)
    assert indexing.consistency().ok
