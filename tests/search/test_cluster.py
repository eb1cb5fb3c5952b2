"""Past one machine (#18): three Elasticsearch nodes from the same jars form
one cluster with a replica of the index; one node is killed, and the
supermarket keeps answering from Elasticsearch (not the database fallback)
with every document, and new lessons are still indexed."""

from __future__ import annotations

import signal
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from resources.models import CoursePage
from search import client as engine
from search import indexing, selectors
from search.models import SearchEntry
from tests.factories.institutions import LessonPageFactory
from tests.search.nodes import Node

pytestmark = pytest.mark.django_db

NAMES = ("es-a", "es-b", "es-c")


@pytest.fixture
def cluster():
    nodes = [Node() for _ in NAMES]
    seeds = ",".join(f"127.0.0.1:{node.transport}" for node in nodes)
    for node, name in zip(nodes, NAMES, strict=True):
        node.name, node.seeds, node.masters = name, seeds, ",".join(NAMES)
    try:
        for node in nodes:
            node.start()
        nodes[0].wait("wait_for_nodes=3&wait_for_status=green&timeout=5s", 240)
        yield nodes
    finally:
        for node in nodes:
            node.close()


def _search(api, q: str) -> dict:
    found = api.get("/api/v1/search/", {"q": q, "size": 50}).json()
    assert found["engine"] == "elasticsearch" and not found["degraded"], found
    return found


def test_a_cluster_that_loses_a_node_keeps_answering_and_writing(
    cluster, client, settings, demo_catalogue
):
    settings.ELASTICSEARCH_URL = ",".join(node.url for node in cluster)
    settings.SEARCH_INDEX_REPLICAS = 1
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-cluster"
    cache.delete(selectors.INDEX_DOWN_CACHE_KEY)
    call_command("search_reindex", stdout=StringIO())
    es = engine.get_client()
    alias = indexing.alias()
    cluster[0].wait("wait_for_status=green&timeout=5s", 120)
    stored = es.count(index=alias)["count"]
    assert stored == SearchEntry.objects.count() > 50
    shards = es.cat.shards(index=alias, format="json")
    assert sorted(s["prirep"] for s in shards) == ["p", "r"]
    before = _search(client, "太极")

    # Kill the node holding the primary copy, with no warning.
    primary = next(s["node"] for s in shards if s["prirep"] == "p")
    victim = cluster[NAMES.index(primary)]
    victim.stop(signal.SIGKILL)
    survivor = next(node for node in cluster if node is not victim)
    survivor.wait("wait_for_nodes=2&wait_for_status=yellow&timeout=5s", 120)

    assert es.count(index=alias)["count"] == stored  # no document lost
    after = _search(client, "太极")
    assert [r["title"] for r in after["results"]] == [
        r["title"] for r in before["results"]
    ]

    # Writes continue: a new lesson is findable.
    course = CoursePage.objects.live().filter(title="太极拳二十四式").first()
    lesson = LessonPageFactory(parent=course, title="太极拳收势", slug="closing-form")
    lesson.save_revision().publish()
    indexing.sync_pages([lesson.pk])
    assert "太极拳收势" in [r["title"] for r in _search(client, "收势")["results"]]
    assert es.count(index=alias)["count"] == stored + 1
