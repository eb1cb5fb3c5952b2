import pytest
from django.test import override_settings

from cms import health
from cms.health import CheckResult

pytestmark = pytest.mark.django_db


def test_healthz_reports_every_real_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok", body
    checks = body["checks"]
    assert set(checks) == {"database", "search", "storage", "broker", "ffmpeg"}
    assert checks["database"]["backend"] == "postgresql"
    assert checks["search"]["backend"] == "elasticsearch"
    assert checks["storage"]["backend"] == "S3Storage"
    assert checks["broker"]["backend"] == "redis"
    assert checks["ffmpeg"]["detail"].startswith("ffprobe version")
    assert response["Cache-Control"].startswith("max-age=0")


def test_search_down_degrades_but_keeps_serving(client, city):
    """Elasticsearch unreachable: 200 "degraded", search marked down, site up."""
    from search.client import _client

    _client.cache_clear()
    with override_settings(
        ELASTICSEARCH_URL="http://127.0.0.1:9", HEALTH_CHECK_TIMEOUT=1
    ):
        response = client.get("/healthz")
        page = client.get("/")
    _client.cache_clear()
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["search"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    assert page.status_code == 200


def test_essential_failure_means_503(monkeypatch):
    """Pure status logic, with plain fakes for the checks."""

    def broken():
        raise OSError("connection refused")

    monkeypatch.setattr(
        health,
        "CHECKS",
        {"database": broken, "search": lambda: CheckResult(True, "database")},
    )
    status, results = health.run_checks()
    assert status == "down"
    assert results["database"]["detail"] == "OSError: connection refused"


def test_healthz_answers_503_when_the_database_is_down(client, monkeypatch):
    def broken():
        raise OSError("no database")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"


@pytest.mark.django_db(transaction=True)
def test_healthz_fails_when_the_database_takes_no_writes(client):
    """SELECT 1 still answers while writers wait on a lock; /healthz must not
    say "ok" then (it used to, while sign-ups failed with 500s)."""
    import threading

    from django.db import connection, connections

    assert client.get("/healthz").status_code == 200
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE django_migrations IN EXCLUSIVE MODE")
            locked.set()
            release.wait(30)
            cursor.execute("ROLLBACK")
        other.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(10)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["checks"]["database"]["ok"] is False
    finally:
        release.set()
        holder.join()
    assert connection.vendor == "postgresql"
    assert client.get("/healthz").status_code == 200


def test_ping_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/ping")
    assert response.status_code == 200 and response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
