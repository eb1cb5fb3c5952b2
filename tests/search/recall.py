"""The recall battery: every published thing, found by the words of its own
title and summary.

For each item the queries are its title's words (jieba's precise and search
modes, two characters or more, question words left out) and each of their
prefixes of two characters or more; and its summary's words. An item is
found when it is in the top 10; or, when it ranks lower, when everything
above it holds the query (or its own words, in order) in its own title (or
summary, for summary words),
since no ranking can put more than ten equal answers in the top 10; or,
beyond the first 100, when all of those 100 hold it. Each distinct query is
searched once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from wagtail.models import Page

from community.models import CommunityBrandPage, EventPage, LearningGroup, VenuePage
from resources.models import CoursePage, LessonPage
from search import analysis
from search.queries import SearchRequest

TOP = 10
DEPTH = 100


@dataclass(frozen=True)
class Item:
    kind: str
    id: int
    title: str
    summary: str


@dataclass
class Share:
    found: int = 0
    asked: int = 0
    misses: list[tuple[str, Item]] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.asked if self.asked else 1.0


def catalogue_items() -> list[Item]:
    """What residents may find, read from the content itself (not the index)."""
    pages = Page.objects.live().public()
    items = [
        Item("course", p.pk, p.title, p.summary)
        for p in CoursePage.objects.filter(pk__in=pages)
    ]
    items += [
        Item("lesson", p.pk, p.title, p.summary)
        for p in LessonPage.objects.filter(pk__in=pages)
    ]
    items += [
        Item("event", p.pk, p.title, p.introduction)
        for p in EventPage.objects.filter(pk__in=pages, ends_at__gte=timezone.now())
    ]
    for kind, model in (("venue", VenuePage), ("brand", CommunityBrandPage)):
        items += [
            Item(kind, p.pk, p.title, p.introduction)
            for p in model.objects.filter(pk__in=pages)
        ]
    items += [
        Item("group", g.pk, g.name, g.description)
        for g in LearningGroup.objects.filter(hidden_at__isnull=True, area__in=pages)
    ]
    return items


def word_queries(text: str, *, prefixes: bool) -> list[str]:
    normalised = analysis.normalise(text)
    words = dict.fromkeys(
        [*analysis._jieba().cut(normalised), *analysis.words(normalised)]
    )
    queries: dict[str, None] = {}
    for word in words:
        if len(word) < 2 or not analysis.WORD.search(word):
            continue
        if word in analysis.QUERY_STOPWORDS or not analysis.query_words(word):
            continue
        queries.setdefault(word, None)
        if prefixes and analysis.has_han(word):
            for end in range(2, len(word)):
                queries.setdefault(word[:end], None)
    return list(queries)


def vocabulary(items: Iterable[Item]) -> list[str]:
    """The Chinese words of the items' titles and summaries, for a generated
    catalogue that reads like this one."""
    words = {
        word
        for item in items
        for text in (item.title, item.summary)
        for word in word_queries(text, prefixes=False)
        if analysis.has_han(word)
    }
    return sorted(words)


def _holds(text: str, query: str) -> bool:
    """The query is in the text as typed, or as its own words in order (the
    course 防范电信网络诈骗 holds 电信诈骗): an answer as good as the item."""
    text, query = analysis.normalise(text), analysis.normalise(query)
    if query in text:
        return True
    pieces = analysis.parts(query)
    position = 0
    for piece in pieces:
        position = text.find(piece, position)
        if position < 0:
            return False
        position += len(piece)
    return bool(pieces)


def battery(
    items: Iterable[Item],
    search: Callable[[SearchRequest], list[tuple[str, int]]],
    *,
    known: Iterable[Item] = (),
) -> dict[str, Share]:
    """Shares per kind of item for title words ("<kind>") and summary words
    ("<kind>:summary"); `search` returns (kind, id) pairs, best first.
    `known` are other items that may rank above them (all of `items` are)."""
    items = list(items)
    by_key = {(item.kind, item.id): item for item in [*known, *items]}
    answers: dict[str, list[tuple[str, int]]] = {}

    def ranked(query: str) -> list[tuple[str, int]]:
        if query not in answers:
            answers[query] = search(SearchRequest(query=query, size=DEPTH))
        return answers[query]

    def found(item: Item, query: str, *, fields: tuple[str, ...]) -> bool:
        keys = ranked(query)
        key = (item.kind, item.id)
        if key in keys[:TOP]:
            return True
        if key in keys:
            above = keys[: keys.index(key)]
        elif len(keys) >= DEPTH:
            above = keys  # more equal answers than can be looked through
        else:
            return False
        return all(
            any(_holds(getattr(by_key.get(k), f, "") or "", query) for f in fields)
            for k in above
        )

    shares: dict[str, Share] = {}
    for item in items:
        for name, text, prefixes, fields in (
            (item.kind, item.title, True, ("title",)),
            (f"{item.kind}:summary", item.summary, False, ("title", "summary")),
        ):
            share = shares.setdefault(name, Share())
            for query in word_queries(text, prefixes=prefixes):
                share.asked += 1
                if found(item, query, fields=fields):
                    share.found += 1
                else:
                    share.misses.append((query, item))
    return shares


def total(shares: dict[str, Share], *, summary: bool) -> Share:
    whole = Share()
    for name, share in shares.items():
        if name.endswith(":summary") == summary:
            whole.found += share.found
            whole.asked += share.asked
            whole.misses += share.misses
    return whole


def report(engine: str, shares: dict[str, Share]) -> str:
    lines = [f"{engine}: recall battery"]
    for name in sorted(shares):
        share = shares[name]
        lines.append(
            f"  {name:16} {share.found:5}/{share.asked:<5} {share.share:6.1%}  "
            + " ".join(f"{q}→{i.title}" for q, i in share.misses[:4])
        )
    return "\n".join(lines)
