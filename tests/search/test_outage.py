"""Elasticsearch stopped mid-test: a second real node, started from the same
jars as the suite's own, is indexed, searched, then shut down; the supermarket
keeps answering from the database with a notice, and /healthz says so."""

from __future__ import annotations

import os
import signal
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command

from search import selectors
from tests.search.nodes import Node

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_node():
    """A real node of our own to stop: (its URL, its process)."""
    node = Node().start()
    try:
        node.wait()
        yield node.url, node.process
    finally:
        node.close()


def test_search_answers_from_the_database_after_elasticsearch_stops(
    own_node, client, settings, demo_catalogue
):
    url, process = own_node
    settings.ELASTICSEARCH_URL = url
    cache.delete(selectors.INDEX_DOWN_CACHE_KEY)
    call_command("search_reindex", stdout=StringIO())

    before = client.get("/api/v1/search/", {"q": "太极"}).json()
    assert before["engine"] == "elasticsearch" and not before["degraded"]
    assert client.get("/healthz").json()["checks"]["search"]["ok"] is True

    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=60)
    assert selectors.index_usable()

    page = client.get("/supermarket/", {"q": "太极"})
    html = page.content.decode()
    assert page.status_code == 200 and "太极拳二十四式" in html
    assert "简易搜索" in html
    after = client.get("/api/v1/search/", {"q": "太极"}).json()
    assert after["degraded"] is True and after["engine"] == "database"
    assert after["results"][0]["title"] == before["results"][0]["title"]
    assert (
        client.get("/supermarket/", {"q": "太", "format": "video"}).status_code == 200
    )
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["checks"]["search"]["ok"] is False
    cache.delete(selectors.INDEX_DOWN_CACHE_KEY)
