"""“Did you mean”: correcting a query by how it sounds.

Most residents type with a pinyin keyboard, so their typos are homophones
picked from the candidate list — 太级拳 for 太极拳, 高雪压 for 高血压 — which
edit distance cannot fix (one character of two is half the word). A span of
the query is read as pinyin, titles with a word of that pinyin are found
through the engine's own pinyin search, and the span is replaced by that
word if the corrected query then finds more.
"""

from __future__ import annotations

from collections.abc import Callable

from . import analysis

MAX_SPAN_WORDS = 3


def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text, errors="ignore"))


def spans(query: str) -> list[str]:
    """Runs of the query's words with Chinese in them, longest first."""
    words = [word for word in analysis.query_words(query) if analysis.has_han(word)]
    runs = [
        "".join(words[start : start + length])
        for length in range(min(MAX_SPAN_WORDS, len(words)), 0, -1)
        for start in range(len(words) - length + 1)
    ]
    return [run for run in runs if len(run) >= 2]


def sound_alike(span: str, titles: list[str]) -> str | None:
    """A word in the titles that reads like `span` but is written differently."""
    wanted = _pinyin(span)
    for title in titles:
        for word in analysis.words(title):
            if word != span and len(word) == len(span) and _pinyin(word) == wanted:
                return word
    return None


def did_you_mean(
    query: str,
    *,
    titles_for_pinyin: Callable[[str], list[str]],
    count: Callable[[str], int],
    found: int,
) -> str | None:
    """A better query than `query` (which found `found` results), or None.

    `titles_for_pinyin` searches titles by pinyin, `count` counts a query's
    results; both are the engine's, so this works on either.
    """
    normalised = analysis.normalise(query)
    for span in spans(normalised):
        replacement = sound_alike(span, titles_for_pinyin(_pinyin(span)))
        if replacement is None or span not in normalised:
            continue
        corrected = normalised.replace(span, replacement, 1)
        if count(corrected) > found:
            return corrected
    return None
