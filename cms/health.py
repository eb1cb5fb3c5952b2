"""Dependency checks behind /healthz.

Only the database is essential: without it no page can be served, so the
endpoint answers 503 and a load balancer takes the instance out. Search, storage,
broker and ffmpeg degrade single features (search falls back to the database,
uploads and transcodes wait), so their failure reports "degraded" with 200.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import connection, transaction

from media_pipeline.probe import binary_version
from search import client

ESSENTIAL = ("database",)


@dataclass
class CheckResult:
    ok: bool
    backend: str
    detail: str = ""
    ms: float = 0.0


class _RolledBack(Exception):
    pass


def check_database() -> CheckResult:
    """A write, not only a read: SQLite answers SELECT 1 while every writer
    gets "database is locked", and PostgreSQL reads on a full disk or a
    read-only replica. The write (a no-op update of one migration row) is
    rolled back; PostgreSQL waits at most a second for a lock."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            cursor.execute(
                "UPDATE django_migrations SET applied = applied"
                " WHERE id = (SELECT MIN(id) FROM django_migrations)"
            )
            raise _RolledBack
    except _RolledBack:
        pass
    return CheckResult(True, connection.vendor)


def check_search() -> CheckResult:

    if not client.is_configured():
        return CheckResult(True, "database", "未配置 Elasticsearch，使用数据库搜索")
    status = client.cluster_status(timeout=settings.HEALTH_CHECK_TIMEOUT)
    return CheckResult(
        status in ("green", "yellow"), "elasticsearch", f"cluster {status}"
    )


def check_storage() -> CheckResult:
    from django.core.files.storage import storages

    storage = storages["default"]
    storage.exists("healthz/probe")
    backend = type(storage).__name__
    return CheckResult(True, backend)


def check_broker() -> CheckResult:
    from cms.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.HEALTH_CHECK_TIMEOUT)
        transport = conn.transport_cls
    return CheckResult(True, str(transport))


def check_ffmpeg() -> CheckResult:

    version = binary_version(
        settings.FFPROBE_BINARY, timeout=settings.HEALTH_CHECK_TIMEOUT
    )
    return CheckResult(True, "ffprobe", version)


CHECKS: dict[str, Callable[[], CheckResult]] = {
    "database": check_database,
    "search": check_search,
    "storage": check_storage,
    "broker": check_broker,
    "ffmpeg": check_ffmpeg,
}


def run_checks() -> tuple[str, dict[str, dict]]:
    """Run every check; return the overall status and each check's result."""
    results: dict[str, dict] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            result = check()
        except Exception as error:  # noqa: BLE001 - any failure is a reportable state
            result = CheckResult(False, name, f"{type(error).__name__}: {error}"[:300])
        result.ms = round((time.monotonic() - started) * 1000, 1)
        results[name] = asdict(result)
    if any(not results[name]["ok"] for name in ESSENTIAL):
        return "down", results
    if any(not r["ok"] for r in results.values()):
        return "degraded", results
    return "ok", results
