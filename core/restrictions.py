"""Which parts of the page tree are private, remembered between requests.

Wagtail answers `.public()` by reading every view restriction from the
database, once per queryset: a page listing courses, lessons and events pays
that query three times, on every request. The restricted sections change only
when an editor adds or removes a restriction, or moves a page (which changes
paths), so the list of their paths is kept in the page cache's store and
dropped on exactly those changes. `install()` (called once from CoreConfig)
makes Wagtail's querysets use it.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.signals import post_page_move

from .pagecache import CACHE_ALIAS, CACHE_ERRORS

log = logging.getLogger(__name__)
KEY = "core:restricted-paths"


def restricted_paths() -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction."""
    if _changing():
        # This transaction changed a restriction: what it sees is not yet
        # (and may never be) what everyone else sees, so it reads its own.
        return _read()
    store = caches[CACHE_ALIAS]
    try:
        paths = store.get(KEY)
    except CACHE_ERRORS:
        return _read()
    if paths is None:
        paths = _read()
        with suppress(*CACHE_ERRORS):
            store.set(KEY, paths, None)
    return paths


def _changing() -> bool:
    """Whether this connection's open transaction changed a restriction
    (its commit callback is still pending; a rollback drops it)."""
    pending = getattr(connection, "_restrictions_commit", None)
    return pending is not None and any(
        func is pending for _, func, _ in connection.run_on_commit
    )


def _read() -> tuple[str, ...]:
    return tuple(
        PageViewRestriction.objects.order_by("page__path").values_list(
            "page__path", flat=True
        )
    )


def _forget() -> None:
    try:
        caches[CACHE_ALIAS].delete(KEY)
    except CACHE_ERRORS:
        # Cannot be reached: nobody can read a stale list from it either,
        # and the next change forgets it again.
        log.warning("private sections not forgotten: the page cache is down")


def restricted_paths_forget(**kwargs) -> None:
    """Forget now and again when the change commits (a request that read
    the old list in between must not keep it); until then this connection
    reads the list itself. Connected before saving, so receivers of the
    save (the search index's) already see the change."""
    _forget()
    if connection.in_atomic_block and not _changing():

        def committed() -> None:
            _forget()

        connection._restrictions_commit = committed
        transaction.on_commit(committed)


def _private_q(self) -> Q:
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    # Matches no page when nothing is private, as Wagtail's does.
    return q if q else Q(pk__in=[])


def install() -> None:
    PageQuerySet.private_q = _private_q
    for signal in (pre_save, post_save, pre_delete, post_delete):
        signal.connect(restricted_paths_forget, sender=PageViewRestriction)
    post_page_move.connect(restricted_paths_forget)
