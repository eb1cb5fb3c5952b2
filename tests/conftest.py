"""Shared fixtures. The suite runs against the real services `make test` starts;
without them it stops at once with a message, rather than skipping.

`make test-fast` (SUPERMARKET_FAST=1) is the developer's inner loop: it runs
only the tests that need no service (no database, browser, worker, index or
bucket) and deselects the rest, saying how many; it never replaces
`make test`."""

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


FAST = os.environ.get("SUPERMARKET_FAST") == "1"
# A test that asks for one of these (or is marked django_db, browser or
# services) needs the real services.
SERVICE_FIXTURES = {
    "db", "transactional_db", "live_server",
    "media_worker", "default_worker", "search_index", "browser",
}  # fmt: skip


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    kept, deselected = [], []
    for item in items:
        needs = SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())) or any(
            item.get_closest_marker(name) for name in ("django_db", "browser")
        )
        if needs:
            item.add_marker(pytest.mark.services)
        if item.get_closest_marker("services") and FAST:
            deselected.append(item)
        else:
            kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_configure(config: pytest.Config) -> None:
    if FAST:
        return
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
def s3_bucket() -> str | None:
    """The per-run bucket on the S3 server, created once (not in the fast lane,
    which has no server)."""
    from django.core.files.storage import storages

    if FAST:
        return None

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


class _Rollback(Exception):
    """Raised to undo the seeding once its rows are copied out."""


class DemoSnapshot:
    """The rows `seed_demo` writes, copied out of PostgreSQL once per run and
    copied back into any test that asks for them.

    Seeding the demo takes seconds (a year of learners, the statistics
    rollup); copying its rows back takes a fraction of one. The snapshot is
    made inside a transaction that is rolled back, so the database is left as
    it was, and restoring it truncates every table first, so a test sees the
    demo exactly as `seed_demo` makes it on an empty database. Restoring runs
    inside the test's own transaction (rolled back with it) or, for
    transactional tests, in one of its own (flushed after the test, as usual).
    Django's foreign keys are deferred, so the tables load in any order.
    """

    def __init__(self, *args: str) -> None:
        self.args = args
        self.tables: dict[str, bytes] | None = None

    def _tables(self) -> list[str]:
        from django.db import connection

        return sorted(
            name
            for name in connection.introspection.table_names()
            if name != "django_migrations"
        )

    def _make(self) -> None:
        from io import StringIO

        from django.core.management import call_command
        from django.db import connection, transaction

        from tests.factories.baseline import ensure_wagtail_baseline

        tables: dict[str, bytes] = {}
        try:
            with transaction.atomic():
                ensure_wagtail_baseline()
                call_command("seed_demo", *self.args, stdout=StringIO())
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    for name in self._tables():
                        with cursor.copy(f'COPY "{name}" TO STDOUT') as copy:
                            tables[name] = b"".join(bytes(chunk) for chunk in copy)
                raise _Rollback
        except _Rollback:
            pass
        self.tables = tables

    def restore(self) -> None:
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache
        from django.core.management.color import no_style
        from django.db import connection, transaction

        if self.tables is None:
            self._make()
        with transaction.atomic(), connection.cursor() as cursor:
            # Rows the test wrote before may still owe their deferred checks;
            # TRUNCATE refuses to run while they are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            names = ", ".join(f'"{name}"' for name in self._tables())
            cursor.execute(f"TRUNCATE {names} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for name, rows in self.tables.items():
                if rows:
                    with cursor.copy(f'COPY "{name}" FROM STDIN') as copy:
                        copy.write(rows)
            models = apps.get_models(include_auto_created=True)
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        ContentType.objects.clear_cache()
        cache.clear()  # Wagtail keeps site root paths and more in the cache


_SNAPSHOTS = {
    "full": DemoSnapshot("--no-media"),
    "catalogue": DemoSnapshot("--catalogue-only"),
}


def _restored(kind: str):
    from django.contrib.contenttypes.models import ContentType

    from institutions.models import CityCentrePage

    _SNAPSHOTS[kind].restore()
    yield CityCentrePage.objects.get()
    # A rolled-back or flushed test leaves other content type ids behind.
    ContentType.objects.clear_cache()


@pytest.fixture
def demo(db):
    """The whole demo as `seed_demo --no-media` makes it (network, courses,
    staff, a year of learners, events, brands, statistics); yields the city."""
    yield from _restored("full")


@pytest.fixture
def demo_catalogue(db):
    """The network, courses and staff accounts (`seed_demo --catalogue-only`),
    all the supermarket needs; yields the city."""
    yield from _restored("catalogue")
