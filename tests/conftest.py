"""Shared fixtures. The suite runs against the real services `make test` starts;
without them it stops at once with a message, rather than skipping."""

from __future__ import annotations

import os
import re

import pytest

REQUIRED_SERVICES = {
    "DATABASE_URL": "PostgreSQL",
    "REDIS_URL": "Redis",
    "CELERY_BROKER_URL": "Celery broker (Redis)",
    "ELASTICSEARCH_URL": "Elasticsearch",
    "AWS_S3_ENDPOINT_URL": "S3-compatible server",
}


def pytest_configure(config: pytest.Config) -> None:
    missing = [name for name in REQUIRED_SERVICES if not os.environ.get(name)]
    if missing:
        names = ", ".join(f"{n} ({REQUIRED_SERVICES[n]})" for n in missing)
        pytest.exit(
            f"测试需要真实服务，请运行 make test。/ The suite needs the real services; "
            f"run `make test`. Missing: {names}",
            returncode=3,
        )
    if not os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        pytest.exit(
            "DATABASE_URL must point at PostgreSQL for the test suite", returncode=3
        )


@pytest.fixture(scope="session", autouse=True)
def s3_bucket(django_db_blocker) -> str:
    """The per-run bucket on the S3 server, created once."""
    from django.core.files.storage import storages

    storage = storages["default"]
    client = storage.connection.meta.client
    existing = {b["Name"] for b in client.list_buckets().get("Buckets", [])}
    if storage.bucket_name not in existing:
        client.create_bucket(Bucket=storage.bucket_name)
    return storage.bucket_name


@pytest.fixture
def city(db):
    from tests.factories.institutions import network

    return network()


@pytest.fixture
def search_index(settings, request):
    """A prefix of this test's own for the supermarket index, removed afterwards."""
    from search import client, indexing

    own = re.sub(r"[^a-z0-9_-]+", "-", request.node.name.lower())
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{own}"[:80]
    yield
    if client.is_configured():
        for index in indexing.current_indices():
            client.get_client().indices.delete(index=index, ignore_unavailable=True)


def _worker(queue: str):
    from celery.contrib.testing.worker import start_worker

    from cms.celery import app

    return start_worker(
        app, pool="solo", queues=[queue], perform_ping_check=False,
        shutdown_timeout=60,
    )  # fmt: skip


@pytest.fixture
def media_worker():
    """A real Celery worker on the `media` queue, through Redis."""
    with _worker("media"):
        yield


@pytest.fixture
def default_worker():
    """A real Celery worker on the `default` queue (search sync), through Redis.

    Tasks that earlier tests queued and nobody ran are purged first.
    """
    from cms.celery import app

    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge("default")
    with _worker("default"):
        yield
