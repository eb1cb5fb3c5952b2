"""Shared fixtures. The suite runs against the real services `make test` starts;
without them it stops at once with a message, rather than skipping.

`make test-fast` (SUPERMARKET_FAST=1) is the developer's inner loop: it runs
only the tests that need no service (no database, browser, worker, index or
bucket) and deselects the rest, saying how many; it never replaces
`make test`."""

from __future__ import annotations

import fcntl
import os
import pickle
import re
import shutil
from pathlib import Path

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


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no sign-in failures, codes or look-ups counted,
    and with no stored pages, sites or private sections of another test's
    database (core.pagecache)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.utils import translation

    caches["ratelimit"].clear()
    caches["pages"].clear()
    # A request to /en/ leaves English active in the thread: the next test
    # would build its URLs (page.url) and messages in English.
    translation.activate(settings.LANGUAGE_CODE)


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


SNAPSHOT_DIR = Path(__file__).resolve().parents[1] / "var" / "test-snapshots"


def pytest_sessionfinish(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller, or no xdist
        shutil.rmtree(SNAPSHOT_DIR, ignore_errors=True)


class _Rollback(Exception):
    """Raised to undo the seeding once its rows are copied out."""


class TableSnapshot:
    """Every table's rows, copied out of PostgreSQL with COPY and copied back.

    Restoring truncates every table first, so the database holds exactly the
    snapshot; it runs inside the test's own transaction (rolled back with it)
    or, for transactional tests, in one of its own. Django's foreign keys are
    deferred, so the tables load in any order.
    """

    def __init__(self) -> None:
        self.tables: dict[str, bytes] | None = None

    @staticmethod
    def _names() -> list[str]:
        from django.db import connection

        return sorted(
            name
            for name in connection.introspection.table_names()
            if name != "django_migrations"
        )

    def capture(self) -> None:
        from django.db import connection

        tables: dict[str, bytes] = {}
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for name in self._names():
                with cursor.copy(f'COPY "{name}" TO STDOUT') as copy:
                    tables[name] = b"".join(bytes(chunk) for chunk in copy)
        self.tables = tables

    def restore(self) -> None:
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache
        from django.core.management.color import no_style
        from django.db import connection, transaction

        with transaction.atomic(), connection.cursor() as cursor:
            # Rows the test wrote before may still owe their deferred checks;
            # TRUNCATE refuses to run while they are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            names = ", ".join(f'"{name}"' for name in self._names())
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


# What migrations leave: content types, permissions, Wagtail's root page, root
# collection, default site, locale, groups and workflow.
_MIGRATED = TableSnapshot()


def _migrated_again(sender, using: str, **kwargs) -> None:
    """A transactional test ends with a flush, which empties every table,
    including what data migrations made; Django then sends post_migrate, and
    this puts the migrated rows back once the last app has had its signal.
    So every test, in whatever order a worker runs them, starts from the
    database exactly as `migrate` left it."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender is last and using == "default" and _MIGRATED.tables is not None:
        _MIGRATED.restore()


def _database_drop(name: str) -> None:
    """Drop a worker's copy even with a session still open on it: a Celery
    or live-server thread's connection can outlive its test by a moment, and
    then a plain DROP (clone_test_db's clobbering, destroy_test_db) fails."""
    from django.db import connection

    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _worker_database(worker: str) -> str:
    """Under pytest-xdist: the first worker migrates one template database,
    and every worker takes a copy of it (CREATE DATABASE … TEMPLATE, well
    under a second) instead of running every migration again itself."""
    from django.db import connection

    SNAPSHOT_DIR.mkdir(parents=True, exist_ok=True)
    run = os.environ["PYTEST_XDIST_TESTRUNUID"]
    settings = connection.settings_dict
    template = f"{settings['TEST'].get('NAME') or 'test_' + settings['NAME']}_migrated"
    with (SNAPSHOT_DIR / f"{run}-database.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        migrated = SNAPSHOT_DIR / f"{run}-database.done"
        if not migrated.exists():
            settings["TEST"]["NAME"] = template
            connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
            migrated.touch()
        settings["NAME"] = template
        name = connection.creation.get_test_db_clone_settings(worker)["NAME"]
        _database_drop(name)
        # Copying needs the template without connections; clone_test_db
        # closes this one, and the lock keeps the other workers out.
        connection.creation.clone_test_db(suffix=worker, verbosity=0, autoclobber=True)
    settings["NAME"] = name
    connection.close()
    return name


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker):
    """The test database, migrated once, and what migrations left in it."""
    from django.db import connection
    from django.db.models.signals import post_migrate
    from django.test.utils import setup_databases, teardown_databases

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    original = connection.settings_dict["NAME"]
    with django_db_blocker.unblock():
        if worker:
            _worker_database(worker)
        else:
            created = setup_databases(verbosity=0, interactive=False)
        _MIGRATED.capture()
    post_migrate.connect(_migrated_again, dispatch_uid="tests-migrated-again")
    yield
    post_migrate.disconnect(dispatch_uid="tests-migrated-again")
    with django_db_blocker.unblock():
        if worker:
            _database_drop(connection.settings_dict["NAME"])
            connection.settings_dict["NAME"] = original
        else:
            teardown_databases(created, verbosity=0)


class DemoSnapshot(TableSnapshot):
    """The rows `seed_demo` writes, copied out once per run and copied back
    into any test that asks for them.

    Seeding the demo takes seconds (a year of learners, the statistics
    rollup); copying its rows back takes a fraction of one. The snapshot is
    made inside a transaction that is rolled back, so the database is left as
    it was. It starts from `base` (another snapshot) or, without one, from the
    database as migrations left it: the whole demo is `seed_demo` run on top
    of the catalogue, which is what running the command again does (the seed
    test checks it changes nothing). `output` is what the command printed.
    """

    def __init__(self, *args: str, base: DemoSnapshot | None = None) -> None:
        super().__init__()
        self.args = args
        self.base = base
        self.output = ""

    def _make(self) -> None:
        from io import StringIO

        from django.core.management import call_command
        from django.db import transaction

        out = StringIO()
        try:
            with transaction.atomic():
                (self.base or _MIGRATED).restore()
                call_command("seed_demo", *self.args, stdout=out)
                self.capture()
                raise _Rollback
        except _Rollback:
            pass
        self.output = out.getvalue()

    def _make_once(self) -> None:
        """Under pytest-xdist the first worker to need the snapshot makes it
        and leaves it in a file; the others wait for that file instead of
        seeding the same rows again on the same two cores. Every worker's
        database is a copy of one migrated template, so the rows fit each."""
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
        if not run:
            self._make()
            return
        SNAPSHOT_DIR.mkdir(parents=True, exist_ok=True)
        path = SNAPSHOT_DIR / f"{run}-{'-'.join(self.args)}.pickle"
        with (SNAPSHOT_DIR / f"{path.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                self.tables, self.output = pickle.loads(path.read_bytes())  # noqa: S301
                return
            self._make()
            partial = path.with_suffix(".partial")
            partial.write_bytes(pickle.dumps((self.tables, self.output)))
            partial.rename(path)

    def restore(self) -> None:
        if self.tables is None:
            self._make_once()
        super().restore()


_CATALOGUE = DemoSnapshot("--catalogue-only")
_SNAPSHOTS = {
    "catalogue": _CATALOGUE,
    "full": DemoSnapshot("--no-media", base=_CATALOGUE),
}


@pytest.fixture(scope="session", autouse=True)
def demo_snapshots_early(request) -> None:
    """Under pytest-xdist the first worker makes both demo snapshots before
    its first test, while the other worker runs tests that need no demo;
    made on first use instead, both workers often reach for one at the same
    moment, and one of them waits idle for the whole seeding."""
    if FAST or os.environ.get("PYTEST_XDIST_WORKER") != "gw0":
        return
    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        for snapshot in (_CATALOGUE, _SNAPSHOTS["full"]):
            if snapshot.tables is None:
                snapshot._make_once()


@pytest.fixture
def demo_seed_output() -> str:
    """What `seed_demo` printed when it made the `demo` snapshot."""
    return _SNAPSHOTS["full"].output


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
