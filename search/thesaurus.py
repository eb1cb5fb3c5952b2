"""The supermarket's thesaurus as plain data: what each word expands to, and
which entries would loop or blow up a query.

An entry is either a group of words that mean the same (摔倒 跌倒 摔跤: any
of them finds all of them) or a one-way entry (太级拳 → 太极拳, 防骗 → 防诈骗
反诈): a resident's word, a misspelling or an everyday phrase, searched also
as the catalogue's word, never the other way round, so 防诈骗 does not start
finding everything a colloquial word was mapped to.

Expansion is one step (a word gets the words its own entries give, not
theirs), but a one-way entry that leads back to its own word through other
entries is refused anyway: it says two contradicting things, and a later
change to one step could turn it into a loop.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from . import analysis

#: Words in one entry, both sides together.
MAX_TERMS = 10
#: Words one word may expand to over all entries (the query's variant limit).
MAX_EXPANSION = analysis.MAX_VARIANTS
MAX_TERM_LENGTH = 20
SEED = Path(__file__).with_name("thesaurus.txt")
#: What a stored word is made of (`analysis.index_tokens` keeps no other
#: character), so an entry of emoji or markup can never find anything.
SEARCHABLE = re.compile(r"[^\W_]+(?:[·・-][^\W_]+)*")
ARROW = "=>"


@dataclass(frozen=True)
class Entry:
    """`words` mean the same, or, with `means`, each of them is searched as
    `means` too."""

    words: tuple[str, ...]
    means: tuple[str, ...] = ()
    category: str = "other"


def terms(text: str) -> tuple[str, ...]:
    """An editor's list of words, split on spaces, commas or 、, each once."""
    cleaned = analysis.normalise(
        (text or "").replace(",", " ").replace("，", " ").replace("、", " ")
    )
    return tuple(dict.fromkeys(cleaned.split()))


def expansions(entries: Iterable[Entry]) -> dict[str, list[str]]:
    """Each word to the other words it is also searched as."""
    mapping: dict[str, dict[str, None]] = {}
    for entry in entries:
        for word in entry.words:
            others = entry.means or [w for w in entry.words if w != word]
            target = mapping.setdefault(word, {})
            for other in others:
                if other != word:
                    target.setdefault(other, None)
    return {word: list(others) for word, others in mapping.items()}


def _edges(entries: Iterable[Entry]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for word, others in expansions(entries).items():
        graph.setdefault(word, set()).update(others)
    return graph


def _path(graph: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """A shortest chain of expansions from `start` to `goal`, if any."""
    previous: dict[str, str | None] = {start: None}
    frontier = [start]
    while frontier:
        following = []
        for word in frontier:
            for other in sorted(graph.get(word, ())):
                if other in previous:
                    continue
                previous[other] = word
                if other == goal:
                    chain = [other]
                    while previous[chain[-1]] is not None:
                        chain.append(previous[chain[-1]])
                    return chain[::-1]
                following.append(other)
        frontier = following
    return None


def _component(graph: dict[str, set[str]], word: str) -> set[str]:
    """The words that `word` reaches and that reach it back: a one-way entry
    inside this set leads back to itself."""
    reverse: dict[str, set[str]] = {}
    for source, targets in graph.items():
        for target in targets:
            reverse.setdefault(target, set()).add(source)

    def reached(edges: dict[str, set[str]]) -> set[str]:
        seen, todo = {word}, [word]
        while todo:
            for other in edges.get(todo.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen

    return reached(graph) & reached(reverse)


def problems(entry: Entry, others: Iterable[Entry]) -> list[str]:
    """Why `entry` cannot join `others` (empty if it can), in the editor's
    language."""
    found: list[str] = []
    if entry.means:
        if not entry.words:
            found.append(_("请写居民会搜的词。"))
        both = [word for word in entry.words if word in entry.means]
        if both:
            found.append(_("“%(word)s”不能同时写在两边。") % {"word": "、".join(both)})
    elif len(entry.words) < 2:
        found.append(_("至少写两个意思相同的词，用空格分开。"))
    if len(entry.words) + len(entry.means) > MAX_TERMS:
        found.append(
            _("一条最多写 %(count)d 个词，请分成几条。") % {"count": MAX_TERMS}
        )
    long = [w for w in (*entry.words, *entry.means) if len(w) > MAX_TERM_LENGTH]
    if long:
        found.append(
            _("词太长了（最多 %(count)d 个字）：%(word)s")
            % {"count": MAX_TERM_LENGTH, "word": long[0][:30]}
        )
    unusable = [w for w in (*entry.words, *entry.means) if not SEARCHABLE.fullmatch(w)]
    if unusable:
        found.append(
            _("“%(word)s”里有搜索用不上的符号：只能写汉字、字母和数字。")
            % {"word": unusable[0][:30]}
        )
    if found:
        return found
    others = list(others)
    mapping = expansions([*others, entry])
    for word in entry.words:
        if len(mapping.get(word, ())) > MAX_EXPANSION:
            found.append(
                _(
                    "“%(word)s”会被扩展成 %(count)d 个词（最多 %(limit)d 个），"
                    "搜索会变慢、变乱。"
                )
                % {
                    "word": word,
                    "count": len(mapping[word]),
                    "limit": MAX_EXPANSION,
                }
            )
    graph = _edges([*others, entry])
    for start in entry.words:
        circle = _component(graph, start)
        for item in [entry, *others]:  # the editor's own entry explains best
            for word in item.words if item.means else ():
                for meant in item.means:
                    if word in circle and meant in circle:
                        chain = _path(graph, meant, word) or [word]
                        found.append(
                            _(
                                "会绕回自己：%(chain)s。请改成一组同义词，或删掉其中一条。"
                            )
                            % {"chain": " → ".join([word, *chain])}
                        )
                        return found
    return found


def parse(text: str) -> list[Entry]:
    """The seed file: `[类别]` headings, then one entry per line, either
    words that mean the same or `words => what they mean`; # starts a
    comment."""
    entries: list[Entry] = []
    category = "other"
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1].strip()
            continue
        left, arrow, right = line.partition(ARROW)
        entries.append(
            Entry(
                words=terms(left),
                means=terms(right) if arrow else (),
                category=category,
            )
        )
    return entries


def seed() -> list[Entry]:
    return parse(SEED.read_text(encoding="utf-8"))


def is_term(text: str) -> bool:
    """Whether `text` could be a thesaurus word: short, and made only of what
    the search stores (a resident's miss worth showing an editor)."""
    word = "".join(analysis.normalise(text).split())
    return 0 < len(word) <= MAX_TERM_LENGTH and bool(SEARCHABLE.fullmatch(word))


def seed_store(synonym_model, *, note: str) -> int:
    """Store the seed's entries whose words no stored entry has (editors'
    entries and earlier seeds stay as they are); returns how many."""
    existing = set(synonym_model.objects.values_list("words", flat=True))
    created = synonym_model.objects.bulk_create(
        synonym_model(
            words=" ".join(entry.words),
            means=" ".join(entry.means),
            category=entry.category,
            note=note,
        )
        for entry in seed()
        if " ".join(entry.words) not in existing
    )
    return len(created)
