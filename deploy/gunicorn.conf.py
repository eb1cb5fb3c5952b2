"""gunicorn for 社区学习超市 (deploy/systemd/supermarket-web.service).

Sync workers: a page is a few milliseconds of Python and at most eight
queries, and anonymous pages come from Redis; nginx holds slow clients, so a
worker is never tied up by a weak phone connection. Two workers per core
keep both cores busy while one waits on PostgreSQL or Redis
(bench/serving.py measured the table in the README).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count()))
worker_class = "sync"
timeout = 60
graceful_timeout = 30
max_requests = 5000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = "127.0.0.1"
