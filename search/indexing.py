"""Keeping the supermarket index true to the published pages.

Documents are built once, when a page changes (`sync_pages`), and stored in
the database (`SearchEntry`) as well as indexed. The index lives behind an
alias: `reindex` first brings the stored documents up to date
(`refresh_entries`, which builds only what changed), then streams them into a
complete new index and moves the alias in one atomic call, so searches never
see an empty or half index. `consistency` lists what is missing, stale or
extra in the index.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone
from elasticsearch import ApiError, NotFoundError, TransportError, helpers
from wagtail.models import Page

from community.models import LearningGroup

from . import cache, client, documents, fallback, streaming
from .models import SearchEntry

CHUNK_SIZE = 1000
logger = logging.getLogger(__name__)


def alias() -> str:
    return client.pages_alias()


def create_index(name: str, *, bulk_load: bool = False) -> None:
    body = documents.index_body()
    body["settings"]["refresh_interval"] = "-1" if bulk_load else "1s"
    client.get_client().options(request_timeout=60).indices.create(index=name, **body)


def current_indices() -> list[str]:
    try:
        return sorted(client.get_client().indices.get_alias(name=alias()))
    except NotFoundError:
        return []


def ensure_index() -> str:
    """The alias, created (empty) if this environment has none yet."""
    if not current_indices():
        name = f"{alias()}-{uuid.uuid4().hex[:8]}"
        create_index(name)
        client.get_client().options(request_timeout=60).indices.put_alias(
            index=name, name=alias()
        )
    return alias()


@dataclass
class ReindexResult:
    index: str
    documents: int
    seconds: float
    removed: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)


def reindex(*, chunk_size: int = CHUNK_SIZE, rebuild: bool = False) -> ReindexResult:
    """Build a fresh index from the stored documents and swap the alias to it.

    `rebuild` builds every document from its page again first.
    """
    # Searches keep their short timeout; building an index legitimately takes long.
    es = client.get_client().options(request_timeout=600)
    phases: dict[str, float] = {}
    clock = time.monotonic()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        phases[name] = now - clock
        clock = now

    refresh_entries(rebuild=rebuild)
    phase("documents")
    name = f"{alias()}-{uuid.uuid4().hex[:8]}"
    create_index(name, bulk_load=True)
    streaming_from = timezone.now() - CATCH_UP_SLACK
    try:
        streamed = streaming.index_stored(es, name, chunk_size=chunk_size)
        es.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
        es.indices.refresh(index=name)
    except Exception:
        # The alias never saw the half-built index; leave nothing behind.
        es.indices.delete(index=name, ignore_unavailable=True)
        raise
    phase("index")
    old = current_indices()
    actions = [{"remove": {"index": index, "alias": alias()}} for index in old]
    actions.append({"add": {"index": name, "alias": alias()}})
    es.indices.update_aliases(actions=actions)
    for index in old:
        es.indices.delete(index=index)
    phase("swap")
    _catch_up(es, streamed, streaming_from, chunk_size)
    phase("catch_up")
    cache.index_written(refreshed=False)
    return ReindexResult(name, len(streamed), sum(phases.values()), old, phases)


# Stored documents are written in one short statement each (`fallback.store`);
# the slack covers one still committing when streaming starts, and clock skew
# between the machines that write them.
CATCH_UP_SLACK = timedelta(seconds=10)


def _catch_up(es, streamed: set[str], since: datetime, chunk_size: int) -> None:
    """Pages synced while the new index filled went to the old one; redo them.

    Every change passes through the stored documents, so what changed is
    what was stored since streaming began, and what went is what was
    streamed and is no longer stored.
    """
    changed = SearchEntry.objects.filter(updated_at__gte=since)
    streaming.index_stored(es, alias(), entries=changed, chunk_size=chunk_size)
    gone = streamed - _stored_keys()
    if gone:
        helpers.bulk(
            es,
            ({"_op_type": "delete", "_index": alias(), "_id": key} for key in gone),
            raise_on_error=False,
        )
    es.indices.refresh(index=alias())


def _stored_keys() -> set[str]:
    return {
        documents.key(page_id=page_id, group_id=group_id)
        for page_id, group_id in SearchEntry.objects.values_list("page_id", "group_id")
    }


def sync_pages(page_ids: Iterable[int], *, wait: bool = True) -> None:
    """Write each page's document, or delete it if the page is not searchable.

    The database copy is always kept; the index too when one is configured.
    `wait` returns only once searches see the change (up to the index's one
    second refresh); the background task does not wait, so a burst of
    publishing does not queue a second per page.
    """
    ids = sorted(set(page_ids))
    builder = documents.Builder()
    built = {
        page.pk: builder.build(page)
        for page in documents.searchable_pages().filter(pk__in=ids)
    }
    fallback.store(built)
    fallback.remove(set(ids) - set(built))
    _write_owned(ids, built, owner="page_id", wait=wait)
    cache.index_written(refreshed=wait)


def _write_owned(ids: list[int], built: dict[int, dict], *, owner: str, wait: bool):
    """Index what was built for these page or group ids, delete the rest."""
    _write(
        {documents.key(**{owner: pk}): doc for pk, doc in built.items()},
        [documents.key(**{owner: pk}) for pk in ids if pk not in built],
        wait=wait,
    )


def _write(built: dict[str, dict], removed: list[str], *, wait: bool) -> None:
    """Index and delete documents by key, when an index is configured."""
    if not client.is_configured():
        return
    target = ensure_index()
    actions = [
        {"_op_type": "index", "_index": target, "_id": key, "_source": doc}
        for key, doc in built.items()
    ] + [{"_op_type": "delete", "_index": target, "_id": key} for key in removed]
    if actions:
        helpers.bulk(
            client.get_client(),
            actions,
            raise_on_error=False,
            refresh="wait_for" if wait else False,
        )


def unlist_pages(page_ids: Iterable[int]) -> list[int]:
    """Take the pages among these that are no longer searchable out of the
    database copy and the index now, in the request that made them private,
    unpublished or deleted. Additions and updates wait for the worker; a
    removal must not, or a private page stays findable while the worker is
    down or busy with a transcode. If the index cannot be reached the
    searches fall back to the database copy, which is already right, and
    the queued sync deletes the document later. Returns the ids removed."""
    ids = set(page_ids)
    if not ids:
        return []
    still = set(
        documents.searchable_pages(specific=False)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
    gone = sorted(ids - still)
    if not gone:
        return []
    fallback.remove(gone)
    _delete_now([documents.key(page_id=pk) for pk in gone])
    cache.index_written(refreshed=True)
    return gone


def _delete_now(keys: list[str]) -> None:
    """Delete documents from the index at once; if it cannot be reached the
    searches fall back to the database copy, already right, and the queued
    sync deletes them later."""
    if not client.is_configured():
        return
    try:
        helpers.bulk(
            client.get_client(),
            [
                {"_op_type": "delete", "_index": client.pages_alias(), "_id": key}
                for key in keys
            ],
            raise_on_error=False,
            refresh=True,
        )
    except (TransportError, ApiError, ConnectionError, OSError) as error:
        logger.warning("index unreachable, %s left to the sync task: %s", keys, error)


def sync_groups(group_ids: Iterable[int], *, wait: bool = True) -> None:
    """`sync_pages` for learning groups: each group's document written, or
    deleted when the group is hidden, gone or in a place no longer public."""
    ids = sorted(set(group_ids))
    builder = documents.Builder()
    built = {
        group.pk: builder.build_group(group)
        for group in documents.searchable_groups().filter(pk__in=ids)
    }
    fallback.store_groups(built)
    fallback.remove_groups(set(ids) - set(built))
    _write_owned(ids, built, owner="group_id", wait=wait)
    cache.index_written(refreshed=wait)


def unlist_groups(group_ids: Iterable[int]) -> list[int]:
    """`unlist_pages` for learning groups: a group staff hid leaves the
    database copy and the index in the same request."""
    ids = set(group_ids)
    if not ids:
        return []
    still = set(
        documents.searchable_groups().filter(pk__in=ids).values_list("pk", flat=True)
    )
    gone = sorted(ids - still)
    if not gone:
        return []
    fallback.remove_groups(gone)
    _delete_now([documents.key(group_id=pk) for pk in gone])
    cache.index_written(refreshed=True)
    return gone


def groups_in(page_ids: Iterable[int]) -> list[int]:
    """The learning groups of these places (a place unpublished or made
    private takes its groups out of the supermarket)."""
    return list(
        LearningGroup.objects.filter(area_id__in=list(page_ids)).values_list(
            "pk", flat=True
        )
    )


def _published() -> dict[int, str]:
    """Each searchable page's `revised_at`, without loading the pages."""
    rows = documents.searchable_pages(specific=False).values_list(
        "pk", "first_published_at", "last_published_at"
    )
    return {
        pk: (last or first).isoformat() if (last or first) else ""
        for pk, first, last in rows
    }


def _out_of_date(
    expected: dict[int, str], *, owner: str, rebuild: bool
) -> tuple[set[int], list[int]]:
    """The ids of the stored documents of one `owner` ("page" or "group"),
    and those of `expected` (id → revision) to build again."""
    stored = {
        pk: (revised, version)
        for pk, revised, version in SearchEntry.objects.filter(
            **{f"{owner}__isnull": False}
        ).values_list(f"{owner}_id", "revised_at", "version")
    }
    todo = [
        pk
        for pk, revised in expected.items()
        if rebuild or stored.get(pk) != (revised, documents.DOCUMENT_VERSION)
    ]
    return set(stored), todo


def refresh_entries(*, rebuild: bool = False) -> int:
    """Build the stored documents that are missing, stale or from an older
    `DOCUMENT_VERSION` (all of them with `rebuild`); drop the ones no longer
    searchable. Returns how many were built.

    `sync_pages` normally keeps them current; this catches a lost task, a
    change to the builder, or data loaded behind Django's back.
    """
    expected = _published()
    stored, todo = _out_of_date(expected, owner="page", rebuild=rebuild)
    builder = documents.Builder()
    for start in range(0, len(todo), CHUNK_SIZE):
        chunk = todo[start : start + CHUNK_SIZE]
        builder.prefetch_ratings(chunk)
        pages = documents.searchable_pages().filter(pk__in=chunk)
        fallback.store({page.pk: builder.build(page) for page in pages})
    fallback.remove(stored - set(expected))
    count = len(todo) + _refresh_groups(builder, rebuild=rebuild)
    cache.index_written(refreshed=True)
    return count


def _groups_revised() -> dict[int, str]:
    return {
        pk: updated.isoformat()
        for pk, updated in documents.searchable_groups().values_list("pk", "updated_at")
    }


def _refresh_groups(builder: documents.Builder, *, rebuild: bool) -> int:
    expected = _groups_revised()
    stored, todo = _out_of_date(expected, owner="group", rebuild=rebuild)
    groups = documents.searchable_groups().filter(pk__in=todo)
    fallback.store_groups({group.pk: builder.build_group(group) for group in groups})
    fallback.remove_groups(stored - set(expected))
    return len(todo)


def affected_pages(page: Page) -> list[int]:
    """A page, its descendants (a course's lessons carry its facets) and its
    parent (a course is offered only while it has a lesson)."""
    parent = page.get_parent() if page.depth > 1 else None
    return [
        page.pk,
        *Page.objects.descendant_of(page).values_list("pk", flat=True),
        *([parent.pk] if parent is not None else []),
    ]


@dataclass
class Consistency:
    """Pages missing from, stale in or extra in the index; and learning
    groups that are any of the three."""

    missing: list[int]
    stale: list[int]
    extra: list[int]
    groups: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.groups)


def consistency() -> Consistency:
    """Compare the index with the database by document id and revision."""
    es = client.get_client()
    indexed: dict[str, str] = {}
    for hit in helpers.scan(
        es, index=ensure_index(), query={"_source": ["revised_at"]}, size=2000
    ):
        indexed[hit["_id"]] = hit["_source"].get("revised_at") or ""
    expected = {documents.key(page_id=pk): at for pk, at in _published().items()}
    expected |= {documents.key(group_id=pk): at for pk, at in _groups_revised().items()}
    missing = set(expected) - set(indexed)
    extra = set(indexed) - set(expected)
    stale = {
        key for key in set(expected) & set(indexed) if expected[key] != indexed[key]
    }

    def pages(keys: set[str]) -> list[int]:
        return sorted(int(k) for k in keys if not k.startswith(documents.GROUP_PREFIX))

    groups = sorted(
        int(key.removeprefix(documents.GROUP_PREFIX))
        for key in missing | extra | stale
        if key.startswith(documents.GROUP_PREFIX)
    )
    return Consistency(pages(missing), pages(stale), pages(extra), groups)
