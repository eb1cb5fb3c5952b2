"""Write nginx's configuration for 社区学习超市 from the environment file.

    python deploy/render.py site  > /etc/nginx/sites-available/supermarket
    python deploy/render.py main --site FILE --prefix DIR   # a standalone nginx

`site` is the server block and what it needs (deploy/nginx/supermarket.conf);
`main` wraps it in a complete nginx.conf that runs as an ordinary user in
one folder: what `make test` and bench/serving.py start in front of
gunicorn. Both read the same variables as the application
(deploy/supermarket.env.example).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

DEPLOY_DIR = Path(__file__).resolve().parent
MAIN = """\
load_module /usr/lib/nginx/modules/ngx_http_js_module.so;
${USER}worker_processes ${WORKERS};
pid ${PREFIX}/nginx.pid;
error_log ${PREFIX}/error.log warn;
events { worker_connections 4096; }
http {
    include /etc/nginx/mime.types;
    types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; text/vtt vtt; }
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 65;
    keepalive_requests 100000;
    client_body_temp_path ${PREFIX}/client_body;
    proxy_temp_path ${PREFIX}/proxy;
    fastcgi_temp_path ${PREFIX}/fastcgi;
    uwsgi_temp_path ${PREFIX}/uwsgi;
    scgi_temp_path ${PREFIX}/scgi;
    include ${SITE};
}
"""


class _Template(Template):
    """Only ${UPPER_CASE} is ours; nginx's own $variables stay as they are."""

    idpattern = r"(?!)"
    braceidpattern = r"[A-Z][A-Z0-9_]*"


def _fill(text: str, values: Mapping[str, str]) -> str:
    filled = _Template(text).safe_substitute(values)
    if "${" in filled:
        start = filled.index("${")
        raise SystemExit(f"no value for {filled[start : filled.index('}', start) + 1]}")
    return filled


def site_variables(env: Mapping[str, str]) -> dict[str, str]:
    endpoint = urlsplit(env.get("AWS_S3_ENDPOINT_URL") or "https://s3.amazonaws.com")
    secret = env.get("MEDIA_HLS_SECRET") or env.get("SECRET_KEY") or ""
    if not secret:
        raise SystemExit("MEDIA_HLS_SECRET (or SECRET_KEY) must be set")
    return {
        "APP_ADDRESS": env.get("GUNICORN_BIND", "127.0.0.1:8001"),
        "S3_SCHEME": endpoint.scheme,
        "S3_HOSTPORT": endpoint.netloc,
        "S3_REGION": env.get("AWS_S3_REGION_NAME") or "us-east-1",
        "S3_BUCKET": env["AWS_STORAGE_BUCKET_NAME"],
        "S3_ACCESS_KEY": env["AWS_ACCESS_KEY_ID"],
        "S3_SECRET_KEY": env["AWS_SECRET_ACCESS_KEY"],
        "HLS_SECRET": secret,
        "DEPLOY_DIR": str(DEPLOY_DIR),
        "CACHE_DIR": env.get("NGINX_CACHE_DIR", "/var/cache/nginx/supermarket"),
        "LISTEN": env.get("NGINX_LISTEN", "80"),
        "SERVER_NAME": env.get("NGINX_SERVER_NAME", "_"),
        "STATIC_ROOT": env.get("STATIC_ROOT", "/srv/supermarket/static"),
        "LOG_DIR": env.get("NGINX_LOG_DIR", "/var/log/nginx"),
    }


def render_site(env: Mapping[str, str]) -> str:
    text = (DEPLOY_DIR / "nginx" / "supermarket.conf").read_text()
    return _fill(text, site_variables(env))


def render_main(*, site: Path, prefix: Path, workers: int = 2) -> str:
    # Started by root (a CI machine), the workers would drop to `nobody` and
    # could not read the folder they run in.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return _fill(
        MAIN,
        {
            "SITE": str(site),
            "PREFIX": str(prefix),
            "WORKERS": str(workers),
            "USER": user,
        },
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["site", "main"])
    parser.add_argument("--site", type=Path)
    parser.add_argument("--prefix", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    if args.what == "site":
        sys.stdout.write(render_site(os.environ))
    else:
        if not (args.site and args.prefix):
            parser.error("main needs --site and --prefix")
        sys.stdout.write(
            render_main(site=args.site, prefix=args.prefix, workers=args.workers)
        )


if __name__ == "__main__":
    main(sys.argv[1:])
