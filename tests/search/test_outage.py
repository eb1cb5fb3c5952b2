"""Elasticsearch stopped mid-test: a second real node, started from the same
jars as the suite's own, is indexed, searched, then shut down; the supermarket
keeps answering from the database with a notice, and /healthz says so."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command

from search import selectors

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(  # noqa: S310 - our own loopback node
            f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=5
        ) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture
def own_node():
    """A real node of our own to stop: (its URL, its process)."""
    jars = Path(os.environ["SERVICES_DIR"]) / "elasticsearch"
    home = Path(tempfile.mkdtemp(prefix="es-outage-", dir=os.environ["SERVICES_DIR"]))
    port = _free_port()
    command = [
        "java", "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
        "-cp", f"{jars}/classes:{jars}/lib/*", "org.elasticsearch.node.SupermarketNode",
        str(home), str(port), str(_free_port()),
    ]  # fmt: skip
    if os.getuid() == 0:  # Elasticsearch refuses to run as root
        shutil.chown(home, "supermarket")
        command = ["runuser", "-u", "supermarket", "--", *command]
    log = (home.parent / f"{home.name}.log").open("wb")
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while not _healthy(url):
            assert process.poll() is None, "the second node exited; see its log"
            assert time.monotonic() < deadline, "the second node did not start"
            time.sleep(1)
        yield url, process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


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
