"""The search client against the real Elasticsearch node."""

import uuid

import pytest
from elasticsearch.dsl import Document, Keyword, Text

from search import client

# The real Elasticsearch node.
pytestmark = pytest.mark.services


@pytest.fixture
def index_name():
    name = client.index_name(f"smoke-{uuid.uuid4().hex[:8]}")
    yield name
    client.get_client().indices.delete(index=name, ignore_unavailable=True)


def test_server_is_elasticsearch_8():
    info = client.get_client().nodes.info(node_id="_local")
    version = next(iter(info["nodes"].values()))["version"]
    assert version.startswith("8.")


def test_document_indexed_and_found(index_name):
    class Lesson(Document):
        title = Text()
        topic = Keyword()

        class Index:
            name = index_name

    es = client.get_client()
    Lesson.init(using=es)
    Lesson(meta={"id": "1"}, title="Tai chi for beginners", topic="sports").save(
        using=es, refresh=True
    )
    Lesson(meta={"id": "2"}, title="Tea ceremony", topic="leisure").save(
        using=es, refresh=True
    )

    hits = Lesson.search(using=es).query("match", title="tai chi").execute()
    assert [hit.meta.id for hit in hits] == ["1"]
    by_topic = Lesson.search(using=es).filter("term", topic="leisure").execute()
    assert [hit.title for hit in by_topic] == ["Tea ceremony"]


def test_index_names_carry_the_run_prefix(settings):
    assert client.index_name("lessons") == f"{settings.SEARCH_INDEX_PREFIX}-lessons"
