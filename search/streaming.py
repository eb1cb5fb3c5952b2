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

from django.db.models import TextField
from django.db.models.functions import Cast
from elasticsearch import Elasticsearch
from elasticsearch.helpers import BulkIndexError

from .models import SearchEntry

SENDERS = 2


def _bodies(index: str, chunk_size: int):
    rows = (
        SearchEntry.objects.order_by("page_id")
        .annotate(source=Cast("document", TextField()))
        .values_list("page_id", "source")
        .iterator(chunk_size=chunk_size)
    )
    for batch in batched(rows, chunk_size):
        lines = []
        for page_id, source in batch:
            lines.append(json.dumps({"index": {"_index": index, "_id": str(page_id)}}))
            lines.append(source)
        yield len(batch), "\n".join(lines) + "\n"


def index_stored(es: Elasticsearch, index: str, *, chunk_size: int) -> int:
    """Send every stored document to `index`; returns how many were indexed."""
    bodies: queue.Queue = queue.Queue(maxsize=SENDERS * 2)
    failures: list[dict] = []
    indexed = [0] * SENDERS

    def send(slot: int) -> None:
        while (item := bodies.get()) is not None:
            if failures:
                continue  # drain, so the reader is never blocked
            count, body = item
            try:
                response = es.bulk(operations=body)
            except Exception as error:  # noqa: BLE001 - reported below
                failures.append({"error": repr(error)})
                continue
            if response["errors"]:
                failures.extend(
                    done for done in response["items"] if done["index"].get("error")
                )
            indexed[slot] += count

    senders = [
        threading.Thread(target=send, args=(slot,), daemon=True)
        for slot in range(SENDERS)
    ]
    for sender in senders:
        sender.start()
    try:
        for item in _bodies(index, chunk_size):
            if failures:
                break
            bodies.put(item)
    finally:
        for _ in senders:
            bodies.put(None)
        for sender in senders:
            sender.join()
    if failures:
        raise BulkIndexError(
            f"{len(failures)} document(s) failed to index", failures[:10]
        )
    return sum(indexed)
