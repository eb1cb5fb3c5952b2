"""The Wagtail site of a request, remembered between requests.

Every page view starts with two queries Wagtail cannot share between
requests: the site for the host name, and its home page's specific type
(for routing, the header and the footer). Both change only with the page
tree or the sites, so they are kept in the page cache's store under the
"pages" version (core.pagecache), which every such change moves.
"""

from __future__ import annotations

import logging

from django.core.cache import caches
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail.models import Site

from .pagecache import CACHE_ALIAS, CACHE_ERRORS, version_of

log = logging.getLogger(__name__)


def site_for_request(request: HttpRequest) -> Site | None:
    """Wagtail's `Site.find_for_request`, its home page already specific."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    host = split_domain_port(request._get_raw_host())[0]
    key = f"pc:site:{host}:{request.get_port()}"
    store = caches[CACHE_ALIAS]
    try:
        version = version_of("pages")
        entry = store.get(key)
    except CACHE_ERRORS:
        version = entry = None
    if entry is not None and version is not None and entry[0] == version:
        site = entry[1]
    else:
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        if version is not None:
            try:
                store.set(key, (version, site), None)
            except CACHE_ERRORS:
                log.warning("site not remembered: the page cache is unavailable")
    request._wagtail_site = site
    return site


#: Paths that never render a page (Wagtail still finds the site where asked).
SKIP_PREFIXES = (
    "/static/", "/admin/", "/ping", "/healthz", "/api/", "/hls/", "/media-hls/",
    "/uploads/", "/documents/",
)  # fmt: skip


class SiteMiddleware:
    """Finds the site before Wagtail asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not request.path.startswith(SKIP_PREFIXES):
            site_for_request(request)
        return self.get_response(request)
