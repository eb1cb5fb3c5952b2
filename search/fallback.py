"""The supermarket answered from the database: the `make run` default and the
runtime fallback when Elasticsearch is unreachable.

Same request, same result shape, same facets. Matching is on jieba's whole
words (stored between spaces), ranked by where the words occur, title first;
relevance is plainer than the index's, but nothing a resident filters on is
lost. Works on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils.html import escape

from . import analysis
from .models import SearchEntry
from .queries import FACETS, PAGE_SIZE, Hit, SearchRequest, SearchResult


def _spaced(words: Iterable[str]) -> str:
    return f" {' '.join(words)} " if words else ""


def entry_fields(document: dict) -> dict:
    text_words = " ".join(
        document[f"{name}_words"] for name in ("title", "summary", "body")
    )
    return {
        "kind": document["kind"],
        "external_id": document["external_id"],
        "url": document["url"],
        "title": document["title"],
        "summary": document["summary"],
        "title_words": _spaced(document["title_words"].split()),
        "text_words": _spaced(text_words.split()),
        "pinyin": _spaced(document["pinyin"].split()),
        "content_area": document["content_area"],
        "content_area_name": document["content_area_name"],
        "audiences": _spaced(document["audiences"]),
        "format": document["format"],
        "duration_seconds": document["duration_seconds"],
        "duration_band": document["duration_band"],
        "institution": document["institution"],
        "institution_name": document["institution_name"],
        "district": document["district"],
        "local_topic": document["local_topic"],
        "featured": document["featured"],
        "published_at": document["published_at"] or None,
        "views": document["views"],
        "rating": document["rating"],
    }


def store(documents: dict[int, dict]) -> None:
    for page_id, document in documents.items():
        SearchEntry.objects.update_or_create(
            page_id=page_id, defaults=entry_fields(document)
        )


def replace_all(documents: dict[int, dict]) -> None:
    """Swap the whole copy in one transaction; readers see old or new, never half."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        SearchEntry.objects.bulk_create(
            (
                SearchEntry(page_id=page_id, **entry_fields(document))
                for page_id, document in documents.items()
            ),
            batch_size=2000,
        )


def remove(page_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()


def _filtered(request: SearchRequest):
    entries = SearchEntry.objects.all()
    for name, value in request.filters.items():
        if name not in FACETS or not value:
            continue
        if name == "audiences":
            entries = entries.filter(audiences__contains=f" {value} ")
        elif name == "featured":
            entries = entries.filter(featured=value in ("1", "true", True))
        else:
            entries = entries.filter(**{name: value})
    return entries


def _matching(entries, request: SearchRequest, synonyms: dict[str, list[str]]):
    query = request.query.strip()
    if not query:
        return entries.annotate(score=Value(0, output_field=IntegerField()))
    if analysis.looks_like_pinyin(query):
        token = analysis.pinyin_query(query)
        match = Q(pinyin__contains=f" {token}")
        return entries.filter(match).annotate(
            score=Value(8, output_field=IntegerField())
        )
    score = Value(0, output_field=IntegerField())
    match = Q()
    for word in analysis.query_words(query):
        variants = [word, *synonyms.get(word, ())]
        word_match = Q()
        for variant in variants:
            in_title = Q(title_words__contains=f" {variant} ")
            in_text = Q(text_words__contains=f" {variant} ")
            word_match |= in_title | in_text
            score = score + Case(
                When(in_title, then=Value(6)),
                When(in_text, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        match |= word_match
    return entries.filter(match).annotate(score=score)


def _facets(entries) -> dict[str, list[dict]]:
    facets: dict[str, list[dict]] = {}
    for name in FACETS:
        if name == "audiences":
            counts: dict[str, int] = {}
            for value in entries.values_list("audiences", flat=True):
                for audience in value.split():
                    counts[audience] = counts.get(audience, 0) + 1
            rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        else:
            rows = [
                (str(row[name]).lower(), row["n"])
                for row in entries.exclude(**({} if name == "featured" else {name: ""}))
                .values(name)
                .annotate(n=Count("pk"))
                .order_by("-n", name)
            ]
        facets[name] = [{"value": value, "count": count} for value, count in rows]
    return facets


ORDER = {
    "relevance": ("-score", "-featured", "-views", "-published_at"),
    "newest": ("-published_at",),
    "most_watched": ("-views", "-score"),
    "best_rated": ("-rating", "-score"),
}


def search(request: SearchRequest, *, synonyms: dict[str, list[str]] | None = None):
    entries = _matching(_filtered(request), request, synonyms or {})
    size = max(1, min(request.size, 100)) or PAGE_SIZE
    start = (max(1, request.page) - 1) * size
    ordered = entries.order_by(*ORDER.get(request.sort, ORDER["relevance"]), "pk")
    hits = [
        Hit(
            id=entry.page_id,
            external_id=entry.external_id,
            kind=entry.kind,
            title=entry.title,
            url=entry.url,
            snippet=escape(entry.summary[:120]),
            content_area=entry.content_area,
            content_area_name=entry.content_area_name,
            audiences=entry.audiences.split(),
            format=entry.format,
            duration_seconds=entry.duration_seconds,
            institution=entry.institution,
            institution_name=entry.institution_name,
        )  # fmt: skip
        for entry in ordered[start : start + size]
    ]
    return SearchResult(
        count=entries.count(),
        hits=hits,
        facets=_facets(entries),
        engine="database",
    )


def suggest(prefix: str, *, size: int = 8) -> list[str]:
    prefix = analysis.normalise(prefix)
    if not prefix:
        return []
    if analysis.looks_like_pinyin(prefix):
        match = Q(pinyin__contains=f" {analysis.pinyin_query(prefix)}")
    else:
        match = Q(title__startswith=prefix) | Q(title_words__contains=f" {prefix}")
    titles = SearchEntry.objects.filter(match).order_by("-featured", "-views", "title")
    return list(dict.fromkeys(titles.values_list("title", flat=True)))[:size]
