"""Streaming the stored documents into a new index.

Reading the database, sending a bulk request and Elasticsearch indexing it
each leave the others idle when done in turn. Here this thread reads the
stored documents (as JSON text: nothing is decoded and encoded again) and
builds request bodies, while sender threads post the previous ones, so the
three overlap. The database is only touched from the calling thread, so the
caller's connection and transaction are the ones read.
"""

from __future__ import annotations

import json
import queue
import threading
from itertools import batched

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from elasticsearch import Elasticsearch
from elasticsearch.helpers import BulkIndexError

from . import documents
from .models import SearchEntry

SENDERS = 2


def _bodies(entries: QuerySet, index: str, chunk_size: int, ids: list[str]):
    rows = (
        entries.order_by("pk")
        .annotate(source=Cast("document", TextField()))
        .values_list("page_id", "group_id", "source")
        .iterator(chunk_size=chunk_size)
    )
    for batch in batched(rows, chunk_size):
        lines = []
        for page_id, group_id, source in batch:
            key = documents.key(page_id=page_id, group_id=group_id)
            ids.append(key)
            lines.append(json.dumps({"index": {"_index": index, "_id": key}}))
            lines.append(source)
        yield "\n".join(lines) + "\n"


def index_stored(
    es: Elasticsearch,
    index: str,
    *,
    chunk_size: int,
    entries: QuerySet | None = None,
) -> set[str]:
    """Send the stored documents (all, or `entries`) to `index`.

    Returns the ids of the documents sent (`documents.key`).
    """
    entries = SearchEntry.objects.all() if entries is None else entries
    ids: list[str] = []
    bodies: queue.Queue = queue.Queue(maxsize=SENDERS * 2)
    failures: list[dict] = []

    def send() -> None:
        while (body := bodies.get()) is not None:
            if failures:
                continue  # drain, so the reader is never blocked
            try:
                response = es.bulk(operations=body)
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append({"error": repr(error)})
                continue
            if response["errors"]:
                failures.extend(
                    done for done in response["items"] if done["index"].get("error")
                )

    senders = [threading.Thread(target=send, daemon=True) for _ in range(SENDERS)]
    for sender in senders:
        sender.start()
    try:
        for body in _bodies(entries, index, chunk_size, ids):
            if failures:
                break
            bodies.put(body)
    finally:
        for _ in senders:
            bodies.put(None)
        for sender in senders:
            sender.join()
    if failures:
        raise BulkIndexError(
            f"{len(failures)} document(s) failed to index", failures[:10]
        )
    return set(ids)
