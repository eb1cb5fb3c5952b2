"""Chinese text for the supermarket: words, pinyin and normal forms.

Elasticsearch is given text it can analyse with standard parts only (the
whitespace tokenizer for words, CJK bigrams for recall); the Chinese-specific
work happens here, so the index, the database fallback and the tests all
share one segmentation. jieba splits 高血压老人吃什么 into words (and, in search
mode, the shorter words inside long ones); pypinyin gives each word's full
pinyin and initials, so "taijiquan" and "tjq" find 太极拳.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import cache
from pathlib import Path

# Local terms jieba must keep whole ("word frequency tag" per line, no comments).
DICTIONARY = Path(__file__).with_name("dictionary.txt")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[\w\u3400-\u4dbf\u4e00-\u9fff]", re.UNICODE)
PINYIN_QUERY = re.compile(r"^[a-z][a-z' ]*$")


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    if DICTIONARY.exists():
        jieba.load_userdict(str(DICTIONARY))
    return jieba


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, lower case, one space;
    control and format characters (NUL, right-to-left overrides, zero-width
    joiners) become spaces, since they are never part of what was meant and
    some (NUL) cannot even be stored."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf") else char for char in text
    )
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """Search-mode words: 太极拳 gives 太极 and 太极拳; punctuation dropped."""
    return [
        token
        for token in _jieba().cut_for_search(normalise(text))
        if token.strip() and WORD.search(token)
    ]


# Question words and particles residents type around what they mean
# (高血压吃什么, 被骗了怎么办); they match everything, so they are dropped.
QUERY_STOPWORDS = frozenset(
    "什么 怎么 怎么办 怎样 如何 哪些 哪里 为什么 吗 呢 吧 啊 的 了 和 与 及 是 有 在 "
    "我 我们 你 想 要 学 学习 一下 一些 可以 能 会".split()
)


def query_words(text: str) -> list[str]:
    """The longest words of a query, each once, in order (precise mode).

    Question words are left out unless nothing else remains.
    """
    seen: dict[str, None] = {}
    for token in _jieba().cut(normalise(text)):
        if token.strip() and WORD.search(token):
            seen.setdefault(token, None)
    meaningful = [word for word in seen if word not in QUERY_STOPWORDS]
    return meaningful or list(seen)


def has_han(text: str) -> bool:
    return bool(HAN.search(text or ""))


def pinyin_tokens(text: str) -> list[str]:
    """Full pinyin and initials of each Chinese word: 太极拳 → taijiquan, tjq."""
    from pypinyin import Style, lazy_pinyin

    tokens: dict[str, None] = {}
    for word in words(text):
        if not has_han(word):
            continue
        syllables = lazy_pinyin(word, errors="ignore")
        if syllables:
            tokens.setdefault("".join(syllables), None)
            tokens.setdefault(
                "".join(s[0] for s in lazy_pinyin(word, style=Style.FIRST_LETTER)),
                None,
            )
    return list(tokens)


def looks_like_pinyin(query: str) -> bool:
    """ASCII letters only (spaces and apostrophes allowed), as pinyin is typed."""
    return bool(PINYIN_QUERY.match(normalise(query)))


def pinyin_query(query: str) -> str:
    """Typed pinyin as one token: "tai ji quan" and "tai'ji'quan" → taijiquan."""
    return re.sub(r"[\s']", "", normalise(query))
