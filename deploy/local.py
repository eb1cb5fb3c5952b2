"""The production topology on one machine, in a throw-away folder: nginx
(deploy/nginx, rendered by deploy/render.py) in front of gunicorn
(deploy/gunicorn.conf.py), both as ordinary processes on loopback ports.

`make test`'s front-door browser test and bench/serving.py start it against
the services scripts/services.sh started, so what they measure and check is
the configuration an operator installs.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import render

ROOT = render.DEPLOY_DIR.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f}s")


@dataclass
class FrontDoor:
    url: str  # nginx
    app_url: str  # gunicorn itself, behind nginx
    folder: Path


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def front_door(
    folder: Path,
    env: Mapping[str, str],
    *,
    web_workers: int = 2,
    nginx_workers: int = 1,
    extra: str = "",
) -> Iterator[FrontDoor]:
    """nginx on one free port before gunicorn on another, for as long as the
    block runs; `env` is the application's environment (settings, services);
    `extra` is more configuration for nginx's http block (a benchmark's
    baseline server)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("cache", "logs", "static"):
        (folder / name).mkdir(exist_ok=True)
    app_port, web_port = free_port(), free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "GUNICORN_WORKERS": str(web_workers),
        "NGINX_LISTEN": f"127.0.0.1:{web_port}",
        "NGINX_CACHE_DIR": str(folder / "cache"),
        "NGINX_LOG_DIR": str(folder / "logs"),
        "STATIC_ROOT": env.get("STATIC_ROOT") or str(folder / "static"),
        "TRUSTED_PROXIES": "1",
    }
    site = folder / "supermarket.conf"
    site.write_text(render.render_site(env) + extra)
    main = folder / "nginx.conf"
    main.write_text(render.render_main(site=site, prefix=folder, workers=nginx_workers))
    config = str(render.DEPLOY_DIR / "gunicorn.conf.py")
    gunicorn = subprocess.Popen(  # noqa: S603 - our own command line
        [sys.executable, "-m", "gunicorn", "-c", config, "cms.wsgi"],
        cwd=ROOT, env=env, start_new_session=True,
        stdout=(folder / "logs" / "gunicorn.log").open("w"), stderr=subprocess.STDOUT,
    )  # fmt: skip
    nginx = None
    try:
        _wait_for(f"http://127.0.0.1:{app_port}/healthz", gunicorn)
        nginx = subprocess.Popen(  # noqa: S603 - our own command line
            [NGINX, "-p", str(folder), "-c", str(main), "-g", "daemon off;"],
            env=env, start_new_session=True,
            stdout=(folder / "logs" / "nginx.out").open("w"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        _wait_for(f"http://127.0.0.1:{web_port}/healthz", nginx)
        yield FrontDoor(
            url=f"http://127.0.0.1:{web_port}",
            app_url=f"http://127.0.0.1:{app_port}",
            folder=folder,
        )
    finally:
        for process in (nginx, gunicorn):
            if process is not None:
                _stop(process)
