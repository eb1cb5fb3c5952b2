"""Whole pages for visitors who are not signed in, kept in Redis.

Views opt in with `response_cacheable(request=…, tags=…)`. A tag names
something the page shows: "pages" (the page tree: every publish, unpublish,
move, delete or save of a page), or finer ones a view names for data that
changes often, such as one page's ratings ("feedback:12"). Each tag has a
version; a stored page keeps the versions it was rendered under and is
served only while they are all current, so `tags_purge` (a new version)
makes the next request render afresh, everywhere at once.

What is never cached: anything but GET; a request carrying a session
cookie (signed-in residents and staff see their own progress, forms and
tokens); a response that sets a cookie, is not 200, or whose view did not
opt in (private pages never do); a page rendered while any purge happened
(it may mix old and new data). Entries expire after `PAGE_CACHE_SECONDS`
at most, or earlier if the view says when its content turns (an event
ending).

When Redis cannot be reached the site serves from the application; a purge
that fails is logged and retried by a task.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

#: What a cache that cannot be reached raises: Redis, or the folder of
#: `make run`.
CACHE_ERRORS = (RedisError, OSError)

CACHE_ALIAS = "pages"
EPOCH = "pc:epoch"
#: Cookies that change what an anonymous visitor sees, part of the key.
VARY_COOKIES = ("near",)
#: Paths never looked up (nothing there opts in; this saves the round trip).
SKIP_PREFIXES = ("/admin/", "/static/", "/media/", "/media-hls/", "/hls", "/api/")
HEADER = "X-Page-Cache"


def _store():
    return caches[CACHE_ALIAS]


def _ttl() -> int:
    return getattr(settings, "PAGE_CACHE_SECONDS", 600)


def _version_key(tag: str) -> str:
    return f"pc:v:{tag}"


def _mark(request: HttpRequest) -> dict:
    mark = getattr(request, "_page_cache", None)
    if mark is None:
        mark = request._page_cache = {
            "allowed": False,
            "tags": set(),
            "until": None,
            "styles": [],
        }
    return mark


def response_cacheable(
    *,
    request: HttpRequest,
    tags: Iterable[str] = ("pages",),
    until: datetime | None = None,
) -> None:
    """Let this request's response be stored for anonymous visitors; only a
    view that knows its page is public calls this.

    `tags` are what it shows; `until`, a moment its content changes by
    itself."""
    _mark(request)["allowed"] = True
    page_depends_on(request=request, tags=tags, until=until)


def page_depends_on(
    *, request: HttpRequest | None, tags: Iterable[str], until: datetime | None = None
) -> None:
    """Add what a part of the page shows (a template tag's ratings, an
    event's seats) without letting the page be stored by itself."""
    if request is None:
        return
    mark = _mark(request)
    mark["tags"].update(tags)
    if until is not None and (mark["until"] is None or until < mark["until"]):
        mark["until"] = until


def page_inline_style(*, request: HttpRequest | None, css: str) -> str:
    """Allow one inline <style> block by its hash (core.security adds it to
    the policy), for a page that may be stored and so carries no nonce.
    Returns `css`, to be written into the block exactly as it is."""
    if request is not None:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        _mark(request)["styles"].append(f"'sha256-{digest}'")
    return css


def inline_styles(request: HttpRequest) -> list[str]:
    mark = getattr(request, "_page_cache", None)
    return mark["styles"] if mark else []


def request_marked(request: HttpRequest) -> dict | None:
    """The marks of a response that may be stored, else None."""
    mark = getattr(request, "_page_cache", None)
    return mark if mark and mark["allowed"] else None


def _bump(tags: list[str]) -> None:
    store = _store()
    for key in [*map(_version_key, tags), EPOCH]:
        # A fresh random start, so a version lost from Redis and made again
        # never matches what a stored page remembers.
        store.add(key, secrets.randbelow(2**62), None)
        store.incr(key)


def tags_purge(*, tags: Iterable[str]) -> None:
    """New versions for `tags` once the change commits. (A page rendered
    while the change was not yet committed is not stored: the purge moves
    the epoch it started under.)"""
    tags = sorted(set(tags))
    if tags:
        transaction.on_commit(lambda: _purge_or_retry(tags))


def _purge_or_retry(tags: list[str]) -> None:
    try:
        _bump(tags)
    except CACHE_ERRORS:
        log.warning("page cache purge failed, retrying by task: %s", tags)
        try:
            page_cache_purge_task.apply_async(
                args=[tags], countdown=getattr(settings, "PAGE_CACHE_RETRY_SECONDS", 5)
            )
        except (KombuOperationalError, *CACHE_ERRORS):
            log.exception("page cache purge could not be queued: %s", tags)


@shared_task(
    name="core.page_cache_purge_task",
    autoretry_for=CACHE_ERRORS,
    retry_backoff=5,
    max_retries=20,
)
def page_cache_purge_task(tags: list[str]) -> None:
    """A purge that failed, tried again until the cache answers."""
    _bump([str(tag) for tag in tags])


#: Model label → what its rows' changes purge: a function of the changed
#: row and the fields saved, or None for models never shown on a public
#: page. A model not named here purges the whole page tree ("pages"): a
#: forgotten model costs hits, never correctness.
_RULES: dict[str, Callable[[Any, Any], Iterable[str]] | None] = {}


def model_purges(
    *, label: str, tags: Callable[[Any, Any], Iterable[str]] | None
) -> None:
    """Say what changing rows of `label` ("app.Model") purges; each app
    names its own models from its AppConfig.ready()."""
    _RULES[label] = tags


def _rule(model) -> Callable[[Any, Any], Iterable[str]] | None:
    for cls in model.__mro__:
        meta = getattr(cls, "_meta", None)
        if meta is not None and meta.label in _RULES:
            return _RULES[meta.label]
    return lambda instance, fields: ("pages",)


def _changed(sender, instance=None, **kwargs) -> None:
    if kwargs.get("raw") or instance is None:
        return
    rule = _rule(sender)
    if rule is not None:
        tags_purge(tags=rule(instance, kwargs.get("update_fields")))


def _m2m_changed(sender, instance=None, action="", **kwargs) -> None:
    if action.startswith("post_"):
        _changed(sender, instance)


def _not_last_login(instance, fields) -> tuple[str, ...]:
    # Signing in saves last_login alone; names shown beside comments change
    # with any other save.
    return () if fields and set(fields) <= {"last_login"} else ("people",)


#: Django's and Wagtail's own rows that no public page shows.
NEVER_SHOWN = (
    "sessions.Session",
    "admin.LogEntry",
    "contenttypes.ContentType",
    "auth.Permission",
    "wagtailcore.Revision",
    "wagtailcore.PageLogEntry",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.WorkflowState",
    "wagtailcore.TaskState",
    "wagtailcore.PageSubscription",
    "wagtailcore.ReferenceIndex",
    "wagtailcore.UploadedFile",
    "wagtailcore.Comment",
    "wagtailcore.CommentReply",
    "wagtailimages.Rendition",
    "wagtailsearch.IndexEntry",
    "wagtailusers.UserProfile",
    "wagtailadmin.EditingSession",
    "django_celery_results.TaskResult",
    "django_tasks_database.DBTaskResult",
)


def install() -> None:
    for label in NEVER_SHOWN:
        _RULES.setdefault(label, None)
    _RULES.setdefault("auth.User", _not_last_login)
    post_save.connect(_changed, dispatch_uid="page-cache-save")
    post_delete.connect(_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="page-cache-m2m")


def page_cache_purge_later(*, tags: Iterable[str], seconds: float) -> None:
    """Purge `tags` again after `seconds`, by task, for a change that other
    stores show only after a delay (the search index's refresh)."""
    try:
        page_cache_purge_task.apply_async(args=[sorted(tags)], countdown=seconds)
    except (KombuOperationalError, *CACHE_ERRORS):
        log.warning("delayed page cache purge could not be queued: %s", tags)


def version_of(tag: str) -> object:
    """The current version of one tag, given one if it has none yet."""
    return version_of_key(_version_key(tag))


def version_of_key(key: str) -> object:
    store = _store()
    version = store.get(key)
    if version is None:
        store.add(key, secrets.randbelow(2**62), None)
        version = store.get(key)
    return version


def _versions(tags: Iterable[str]) -> dict[str, object]:
    keys = [_version_key(t) for t in tags]
    found = _store().get_many([*keys, EPOCH])
    return {key: found.get(key) for key in [*keys, EPOCH]}


def _key(request: HttpRequest) -> str | None:
    if request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # SecurityMiddleware redirects it first
    path = request.path
    if path.startswith(SKIP_PREFIXES) or len(request.get_full_path()) > 500:
        return None
    vary = "&".join(f"{c}={request.COOKIES.get(c, '')}" for c in VARY_COOKIES)
    raw = f"{request.get_host()}|{request.get_full_path()}|{vary}"
    return "pc:page:" + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        request.method == "GET"
        and request_marked(request) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class PageCacheMiddleware:
    """First in MIDDLEWARE, so a hit skips everything else and a stored page
    keeps every header the rest of the stack added."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request) if settings.PAGE_CACHE_ENABLED else None
        if key is None:
            return self.get_response(request)
        try:
            found = _store().get_many([key, EPOCH])
        except CACHE_ERRORS:
            log.warning("page cache unavailable; serving from the application")
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and self._current(entry):
            return self._response(entry, request)
        epoch = found.get(EPOCH)
        if epoch is None:
            try:
                epoch = version_of_key(EPOCH)
            except CACHE_ERRORS:
                return self.get_response(request)
        response = self.get_response(request)
        if _storable(request, response):
            self._save(key, request, response, epoch)
        response.headers.setdefault(HEADER, "miss")
        return response

    @staticmethod
    def _current(entry: dict) -> bool:
        try:
            versions = _versions(entry["tags"])
        except CACHE_ERRORS:
            return False
        versions.pop(EPOCH)
        return all(
            value is not None and entry["versions"].get(key) == value
            for key, value in versions.items()
        )

    @staticmethod
    def _response(entry: dict, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(
            b"" if request.method == "HEAD" else entry["content"],
            status=entry["status"],
        )
        for name, value in entry["headers"]:
            response.headers[name] = value
        response.headers[HEADER] = "hit"
        return response

    @staticmethod
    def _save(key: str, request: HttpRequest, response: HttpResponse, epoch) -> None:
        mark = request_marked(request)
        ttl = _ttl()
        if mark["until"] is not None:
            ttl = min(ttl, int((mark["until"] - timezone.now()).total_seconds()))
        if ttl <= 0:
            return
        try:
            versions = _versions(mark["tags"])
            if versions.pop(EPOCH) != epoch:
                return  # a purge came while rendering: the next one renders
            if missing := [k for k, v in versions.items() if v is None]:
                # Tags never purged yet (or lost from Redis): give them a
                # version now; no purge can have come in between, since
                # that would have moved the epoch too.
                for version_key in missing:
                    _store().add(version_key, secrets.randbelow(2**62), None)
                versions = _versions(mark["tags"])
                if versions.pop(EPOCH) != epoch:
                    return
            _store().set(
                key,
                {
                    "status": response.status_code,
                    "headers": [
                        (k, v) for k, v in response.headers.items() if k != HEADER
                    ],
                    "content": response.content,
                    "tags": sorted(mark["tags"]),
                    "versions": versions,
                },
                ttl,
            )
        except CACHE_ERRORS:
            log.warning("page cache store failed", exc_info=True)
