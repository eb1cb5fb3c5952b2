"""The catalogue's words by their pinyin (`SearchTerm`).

Searching typed pinyin against a pinyin field finds only the texts whose
pinyin was stored (titles), and ranks them by other rules than the
characters would: gaoxueya found one lesson where 高血压 found two. Reading
the pinyin back into the catalogue's own words and searching those gives
exactly what the characters give, on either engine.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.db.models.functions import Length

from . import analysis
from .models import SearchTerm

MAX_WORDS = 6


def add(texts: Iterable[str]) -> None:
    """Record the words of these texts (new ones only; words are never
    removed: a word nothing holds any more simply finds nothing)."""
    words: dict[str, None] = {}
    for text in texts:
        words.update(dict.fromkeys(analysis.vocabulary(text)))
    terms = []
    for word in words:
        full, initials = analysis.reading(word)
        if full and len(full) <= 80:
            terms.append(SearchTerm(word=word, pinyin=full, initials=initials))
    SearchTerm.objects.bulk_create(terms, batch_size=1000, ignore_conflicts=True)


def words_for(token: str) -> list[str]:
    """The words that `token` spells in full or by initials; failing that, the
    words whose pinyin starts with it (still typing), shortest first."""
    if not token.isascii() or not token.isalpha():
        return []
    found = _shortest(Q(pinyin=token) | Q(initials=token))
    if found or len(token) < 3:
        return found
    return _shortest(Q(pinyin__startswith=token))


def _shortest(match: Q) -> list[str]:
    return list(
        SearchTerm.objects.filter(match)
        .annotate(length=Length("word"))
        .order_by("length", "word")
        .values_list("word", flat=True)[:MAX_WORDS]
    )
