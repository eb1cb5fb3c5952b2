"""The one place that talks to the search engine's client library.

Everything else in the project asks this module for a client, so the engine
can be swapped (or left unconfigured) in one place.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from elasticsearch import Elasticsearch


def is_configured() -> bool:
    return bool(settings.ELASTICSEARCH_URL)


@cache
def _client(url: str, timeout: float) -> Elasticsearch:
    """ELASTICSEARCH_URL may name several nodes of one cluster, comma
    separated: a request that finds one node down goes to the next (one try
    per node), so a cluster that lost a node keeps answering; with one node
    a failure is reported at once and searches fall back to the database."""
    hosts = [host.strip() for host in url.split(",") if host.strip()]
    return Elasticsearch(
        hosts,
        request_timeout=timeout,
        retry_on_timeout=False,
        max_retries=len(hosts) - 1,
    )


def get_client() -> Elasticsearch:
    """A shared client for ELASTICSEARCH_URL with the project's short timeout."""
    if not is_configured():
        raise RuntimeError("ELASTICSEARCH_URL is not set")
    return _client(settings.ELASTICSEARCH_URL, settings.SEARCH_REQUEST_TIMEOUT)


def index_name(name: str) -> str:
    """Index names carry a per-environment prefix, so test runs never collide."""
    return f"{settings.SEARCH_INDEX_PREFIX}-{name}"


def pages_alias() -> str:
    """The alias searches go through; versioned indices sit behind it."""
    return index_name("pages")


def cluster_status(*, timeout: float) -> str:
    """The cluster's health colour: green, yellow or red."""
    health = get_client().options(request_timeout=timeout).cluster.health()
    return health["status"]
