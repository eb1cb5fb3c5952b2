from datetime import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import TransportError

from . import indexing, services


@shared_task(name="search.search_query_record_task", ignore_result=True)
def search_query_record_task(
    text: str, results: int, visitor: str = "", searched_at: str = ""
) -> None:
    """Searches are counted by the worker, so a search (a GET) writes nothing.
    `searched_at` (ISO 8601) is when the resident searched: the worker may get
    to it minutes later."""
    services.search_query_record(
        text=str(text),
        results=int(results),
        visitor=str(visitor),
        at=_moment(searched_at),
    )


def _moment(value) -> datetime | None:
    """An aware datetime from the message, or None (then: now)."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


#: Index syncs are retried with backoff while the index is down.
RETRIED_WHILE_INDEX_DOWN = {
    "autoretry_for": (ESConnectionError, TransportError, ConnectionError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 10,
}


@shared_task(name="search.sync_pages_task", **RETRIED_WHILE_INDEX_DOWN)
def sync_pages_task(page_ids: list[int]) -> int:
    """Bring these pages' documents up to date; retried while the index is down."""
    indexing.sync_pages(page_ids, wait=False)
    return len(page_ids)


@shared_task(name="search.sync_groups_task", **RETRIED_WHILE_INDEX_DOWN)
def sync_groups_task(group_ids: list[int]) -> int:
    """Bring these learning groups' documents up to date."""
    indexing.sync_groups(group_ids, wait=False)
    return len(group_ids)


def sync_after_commit(page_ids: list[int], *, group_ids: list[int] = ()) -> None:
    """Queue a sync of these pages and groups once the current transaction
    commits."""
    if page_ids:
        ids = sorted(set(page_ids))
        transaction.on_commit(lambda: sync_pages_task.delay(ids))
    if group_ids:
        groups = sorted(set(group_ids))
        transaction.on_commit(lambda: sync_groups_task.delay(groups))
