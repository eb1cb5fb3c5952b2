"""Supermarket benchmarks on a generated catalogue of Chinese lessons.

Run: scripts/bench.sh bench/search_index.py [--lessons 100000] [--queries 200]
(the real PostgreSQL and Elasticsearch node, as `make test` starts them).

S2  search_reindex docs/s ÷ docs/s of the client's raw `helpers.bulk` on the
    same, already-built documents into an identical index (target ≥ 0.8).
    search_reindex streams the stored documents (built when pages change);
    `--rebuild`, which builds every document again, is reported beside it.
S1  p50/p95 of the search API (facets included, in-process through Django's
    test client) ÷ the same body sent straight to `_search` with the client
    (target ≤ 1.3).
DB  p50/p95 of the same API answered by the database fallback.
Rounds are interleaved (A B A B …) and ratios taken within one run, because
the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import uuid
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from elasticsearch import helpers

from demo.generated import WORDS, lessons_generate
from search import analysis, client, indexing, queries
from search.models import SearchEntry


def _timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def bench_reindex(rounds: int) -> dict:
    es = client.get_client().options(request_timeout=600)
    # Documents are built when pages change; a bulk load has no signals, so
    # they are built once here, as the sync tasks would have.
    started = time.perf_counter()
    indexing.refresh_entries(rebuild=True)
    build_s = time.perf_counter() - started
    built = list(
        SearchEntry.objects.order_by("page_id").values_list("page_id", "document")
    )
    count = len(built)
    ours, raw = [], []

    def raw_bulk():
        name = f"{indexing.alias()}-raw-{uuid.uuid4().hex[:6]}"
        indexing.create_index(name, bulk_load=True)
        helpers.bulk(
            es,
            ({"_index": name, "_id": str(pk), "_source": doc} for pk, doc in built),
            chunk_size=indexing.CHUNK_SIZE,
        )
        es.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
        es.indices.refresh(index=name)
        raw_bulk.last = name

    phases = []
    for _ in range(rounds):
        ours.append(_timed(lambda: phases.append(indexing.reindex().phases)))
        raw.append(_timed(raw_bulk))
        es.indices.delete(index=raw_bulk.last)
    rebuild_s = _timed(lambda: indexing.reindex(rebuild=True))
    return {"documents": count, "reindex_s": min(ours), "raw_bulk_s": min(raw),
            "ratio": (count / min(ours)) / (count / min(raw)),
            "build_s": build_s, "rebuild_s": rebuild_s,
            "phases": phases[ours.index(min(ours))],
            "rebuild_ratio": min(raw) / rebuild_s}  # fmt: skip


def _queries(count: int, seed: int = 7) -> list[queries.SearchRequest]:
    rng = random.Random(seed)
    facets = [{}, {"content_area": "health-wellbeing"}, {"format": "text"},
              {"duration_band": "5_10"}, {"featured": "true"}]  # fmt: skip
    return [
        queries.SearchRequest(
            query=rng.choice(WORDS) + (rng.choice(WORDS) if rng.random() < 0.3 else ""),
            filters=rng.choice(facets),
        )
        for _ in range(count)
    ]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def _api(http: Client, request: queries.SearchRequest) -> None:
    response = http.get("/api/v1/search/", {"q": request.query, **request.filters})
    if response.status_code != 200:
        raise RuntimeError(f"API answered {response.status_code}")


def bench_api(count: int) -> dict:
    es = client.get_client()
    http = Client()
    api, direct = [], []
    requests = _queries(count)
    for request in requests[:10]:
        _api(http, request)  # warm caches and connections
    for request in requests:
        api.append(_timed(lambda r=request: _api(http, r)) * 1000)
        body = queries.build_body(request, analysis.concepts(request.query))
        direct.append(
            _timed(lambda b=body: es.search(index=client.pages_alias(), **b)) * 1000
        )
    (api50, api95), (es50, es95) = _percentiles(api), _percentiles(direct)
    return {
        "api_p50_ms": api50, "api_p95_ms": api95, "es_p50_ms": es50,
        "es_p95_ms": es95, "p50_ratio": api50 / es50, "p95_ratio": api95 / es95,
    }  # fmt: skip


def bench_database(count: int) -> dict:
    started = time.perf_counter()
    indexing.refresh_entries()
    checked = time.perf_counter() - started
    http = Client()
    samples = []
    with override_settings(ELASTICSEARCH_URL=""):
        for request in _queries(count):
            samples.append(_timed(lambda r=request: _api(http, r)) * 1000)
    p50, p95 = _percentiles(samples)
    return {"entries": SearchEntry.objects.count(), "checked_s": checked,
            "p50_ms": p50, "p95_ms": p95}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lessons", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    nodes = client.get_client().nodes.info(node_id="_local")["nodes"]
    version = next(iter(nodes.values()))["version"]
    print(f"python {sys.version.split()[0]}, PostgreSQL {connection.pg_version}, "
          f"Elasticsearch {version} (one node), {os.cpu_count()} cores")  # fmt: skip
    call_command("seed_demo", stdout=StringIO())
    started = time.perf_counter()
    lessons_generate(count=options.lessons)
    print(
        f"generated {options.lessons} lessons in {time.perf_counter() - started:.0f}s"
    )
    indexing.ensure_index()
    s2 = bench_reindex(options.rounds)
    print(f"S2 reindex {s2['documents']} docs: ours {s2['reindex_s']:.1f}s, "
          f"raw bulk {s2['raw_bulk_s']:.1f}s → throughput ratio "
          f"{s2['ratio']:.2f} (target ≥ 0.8)")  # fmt: skip
    print(
        "   search_reindex phases: "
        + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in s2["phases"].items())
    )
    print(f"   building every document: {s2['build_s']:.1f}s; "
          f"search_reindex --rebuild {s2['rebuild_s']:.1f}s → ratio "
          f"{s2['rebuild_ratio']:.2f}")  # fmt: skip
    s1 = bench_api(options.queries)
    print(f"S1 API p50 {s1['api_p50_ms']:.1f} ms / p95 {s1['api_p95_ms']:.1f} ms; "
          f"direct p50 {s1['es_p50_ms']:.1f} ms / p95 {s1['es_p95_ms']:.1f} ms → "
          f"ratios p50 {s1['p50_ratio']:.2f}, p95 {s1['p95_ratio']:.2f} "
          "(target ≤ 1.3)")  # fmt: skip
    db = bench_database(options.queries)
    print(f"DB fallback over {db['entries']} entries "
          f"(checked current in {db['checked_s']:.1f}s): "
          f"p50 {db['p50_ms']:.1f} ms, p95 {db['p95_ms']:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
