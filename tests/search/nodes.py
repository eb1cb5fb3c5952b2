"""Elasticsearch nodes of a test's own, started from the jars the suite's
node runs from (scripts/services.sh builds them under $SERVICES_DIR)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def health(url: str, query: str = "wait_for_status=yellow&timeout=1s") -> dict | None:
    try:
        with urllib.request.urlopen(  # noqa: S310 - our own loopback node
            f"{url}/_cluster/health?{query}", timeout=10
        ) as response:
            return json.load(response)
    except OSError:
        return None


class Node:
    """One JVM: `Node(...).start()`, then `stop(signal.SIGKILL)` or `close()`."""

    def __init__(self, *, name: str = "", seeds: str = "", masters: str = "") -> None:
        self.home = Path(
            tempfile.mkdtemp(prefix="es-node-", dir=os.environ["SERVICES_DIR"])
        )
        self.http, self.transport = free_port(), free_port()
        self.name, self.seeds, self.masters = name, seeds, masters
        self.url = f"http://127.0.0.1:{self.http}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Node:
        jars = Path(os.environ["SERVICES_DIR"]) / "elasticsearch"
        command = [
            "java", "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC",
            "-cp", f"{jars}/classes:{jars}/lib/*",
            "org.elasticsearch.node.SupermarketNode",
            str(self.home), str(self.http), str(self.transport),
        ]  # fmt: skip
        if self.name:
            command += [self.name, self.seeds, self.masters]
        if os.getuid() == 0:  # Elasticsearch refuses to run as root
            shutil.chown(self.home, "supermarket")
            command = ["runuser", "-u", "supermarket", "--", *command]
        self.log = (self.home.parent / f"{self.home.name}.log").open("wb")
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        return self

    def wait(self, query: str = "wait_for_status=yellow&timeout=1s", seconds=180):
        deadline = time.monotonic() + seconds
        while (found := health(self.url, query)) is None or found.get("timed_out"):
            assert self.process.poll() is None, f"{self.home.name} exited; see its log"
            assert time.monotonic() < deadline, f"{self.home.name}: {query} not met"
            time.sleep(1)
        return found

    def stop(self, how: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, how)
            self.process.wait(timeout=60)

    def close(self) -> None:
        self.stop(signal.SIGKILL)
        if self.process is not None:
            self.log.close()
        shutil.rmtree(self.home, ignore_errors=True)
