"""The supermarket answered from the database: the `make run` default and the
runtime fallback when Elasticsearch is unreachable.

Same request, same result shape, same facets, and the same matching: the
query's concepts against the stored tokens (`analysis.index_tokens`, kept
between spaces), ranked by where they occur, title first. Relevance is
plainer than the index's, but what one engine finds the other finds too.
Works on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.html import escape

from . import analysis, documents, postgres, vocabulary
from .models import SearchEntry
from .queries import FACETS, PAGE_SIZE, Hit, SearchRequest, SearchResult


def _spaced(words: Iterable[str]) -> str:
    """Each token once between spaces: LIKE needs no repeats."""
    words = list(dict.fromkeys(words))
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
        "detail": document.get("detail", ""),
        "ends_at": document.get("ends_at") or None,
        "coming": document.get("coming", False),
        "summary": document["summary"],
        "title_words": _spaced(document["title_words"].split()),
        "summary_words": _spaced(document["summary_words"].split()),
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
        "document": document,
        "revised_at": document["revised_at"],
        "version": documents.DOCUMENT_VERSION,
    }


def store(built: dict[int, dict]) -> None:
    """Insert or replace the pages' entries (by page id), each complete in
    one statement, and add their words to the pinyin vocabulary."""
    _store(built, "page")


def store_groups(built: dict[int, dict]) -> None:
    """The same for learning groups (by group id)."""
    _store(built, "group")


def _store(built: dict[int, dict], owner: str) -> None:
    if not built:
        return
    vocabulary.add(
        f"{document['title']} {document['summary']}" for document in built.values()
    )
    entries = [
        SearchEntry(**{f"{owner}_id": pk}, **entry_fields(document))
        for pk, document in built.items()
    ]
    SearchEntry.objects.bulk_create(
        entries,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=[owner],
        update_fields=[*entry_fields(next(iter(built.values()))), "updated_at"],
    )


def remove(page_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(page_id__in=list(page_ids)).delete()


def remove_groups(group_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(group_id__in=list(group_ids)).delete()


def _filtered(request: SearchRequest):
    """Entries a resident may see now (no event that has ended), filtered."""
    entries = SearchEntry.objects.exclude(ends_at__lt=timezone.now())
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


def _holds(column: str, group: tuple[str, ...]) -> Q:
    match = Q()
    for token in group:
        match &= Q(**{f"{column}__contains": f" {token} "})
    return match


# A title word counts most, then the summary, then the rest of the text; the
# word as typed more than its own pieces, and those more than a thesaurus
# word (`queries.CLOSENESS_BOOST`, in whole numbers).
FIELD_WEIGHTS = (("title_words", 6), ("summary_words", 3), ("text_words", 1))
CLOSENESS_WEIGHTS = (
    (analysis.EXACT, 4),
    (analysis.OWN, 3),
    (analysis.RELATED, 2),
)
AS_WRITTEN = 6


def _matching(entries, request: SearchRequest, concepts: list[analysis.Concept]):
    if not request.query.strip():
        zero = Value(0, output_field=IntegerField())
        return entries.annotate(score=_nearer(zero, request))
    if not concepts:
        return entries.none().annotate(score=Value(0, output_field=IntegerField()))
    character = analysis.single_character(request.query)
    if character:
        return _inside_words(entries, character, request)
    if postgres.enabled():
        entries = entries.filter(
            postgres.any_word([t for concept in concepts for t in concept.tokens])
        )
    written = analysis.as_written(request.query, concepts, joiner="")
    # As `queries._text_query` does: the words as written, side by side in the
    # title, rank first (带孙辈 holds 孙辈, 孙辈共读 holds what was typed).
    score = Case(
        When(title__icontains=written, then=Value(AS_WRITTEN)),
        default=Value(0),
        output_field=IntegerField(),
    )
    match = Q()
    relevance = Value(0, output_field=IntegerField())
    every = Q()
    for concept in concepts:
        steps = []
        for column, field_weight in FIELD_WEIGHTS:
            for close, close_weight in CLOSENESS_WEIGHTS:
                held = Q()
                for group in concept.groups(close):
                    held |= _holds(column, group)
                if held:
                    steps.append((field_weight * close_weight, held))
                    if column == "text_words":
                        match |= held
        steps.sort(key=lambda step: -step[0])
        relevance = relevance + Case(
            *(When(held, then=Value(weight)) for weight, held in steps),
            default=Value(0),
            output_field=IntegerField(),
        )
        every &= Q(*(held for _, held in steps), _connector=Q.OR)
    score = score + relevance
    if len(concepts) > 1:  # as `queries._text_query`: every concept, twice
        score = score + Case(
            When(every, then=relevance), default=Value(0), output_field=IntegerField()
        )
    return entries.filter(match).annotate(score=_nearer(score, request))


def _inside_words(entries, character: str, request: SearchRequest):
    """As `queries._inside_words_query`: stored words holding the character."""
    held = {
        column: Q(**{f"{column}__contains": character}) for column, _ in FIELD_WEIGHTS
    }
    score = Case(
        *(When(held[column], then=Value(weight)) for column, weight in FIELD_WEIGHTS),
        default=Value(0),
        output_field=IntegerField(),
    )
    return entries.filter(held["text_words"]).annotate(score=_nearer(score, request))


def _nearer(score, request: SearchRequest):
    """`queries.build_body`'s nearness factor, in whole numbers: relevance
    doubled counts one and a half times in the district, twice at the place,
    plus one so that browsing (relevance 0) is ordered by nearness too."""
    steps = [
        When(**{field: slug}, then=Value(weight))
        for field, slug, weight in (
            ("institution", request.near_institution, 4),
            ("district", request.near_district, 3),
        )
        if slug
    ]
    if not steps:
        return score
    factor = Case(*steps, default=Value(2), output_field=IntegerField())
    return score * factor + factor


def _facets(entries) -> tuple[int, dict[str, list[dict]]]:
    """The number of matching entries, and every facet's (value, count) list."""
    names = [name for name in FACETS if name != "audiences"]
    if postgres.enabled():
        total, rows = postgres.facet_counts(entries, names)
        rows["audiences"] = postgres.audience_counts(entries)
    else:
        total = entries.count()
        rows = {
            name: list(entries.values_list(name).annotate(n=Count("pk")))
            for name in names
        }
        counts: dict[str, int] = {}
        for value in entries.values_list("audiences", flat=True):
            for audience in value.split():
                counts[audience] = counts.get(audience, 0) + 1
        rows["audiences"] = list(counts.items())
    facets = {}
    for name in FACETS:
        pairs = [
            (str(value).lower(), count)
            for value, count in rows[name]
            if value != "" and value is not None
        ]
        pairs.sort(key=lambda pair: (-pair[1], pair[0]))
        facets[name] = [{"value": value, "count": count} for value, count in pairs]
    return total, facets


ORDER = {
    "relevance": ("-score", "-featured", "-views", "-published_at"),
    "newest": ("-published_at",),
    "most_watched": ("-views", "-score"),
    "best_rated": ("-rating", "-score"),
}


def search(request: SearchRequest, *, concepts: list[analysis.Concept] | None = None):
    """`concepts` defaults to the query's own, without synonyms or pinyin."""
    if concepts is None:
        concepts = analysis.concepts(request.query)
    entries = _matching(_filtered(request), request, concepts)
    size = max(1, min(request.size, 100)) or PAGE_SIZE
    start = (max(1, request.page) - 1) * size
    ordered = entries.order_by(*ORDER.get(request.sort, ORDER["relevance"]), "pk")
    hits = [
        Hit(
            id=entry.page_id or entry.group_id,
            external_id=entry.external_id,
            kind=entry.kind,
            title=entry.title,
            url=entry.url,
            detail=entry.detail,
            coming=entry.coming,
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
    count, facets = _facets(entries)
    return SearchResult(count=count, hits=hits, facets=facets, engine="database")


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
