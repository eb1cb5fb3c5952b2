"""Chinese text for the supermarket: tokens, query concepts, pinyin.

All Chinese-specific work happens here, so the index, the database fallback
and the tests share one analysis; Elasticsearch only splits on spaces.

Segmenting the text and the query with jieba alone cannot agree: jieba cuts
我家的低盐菜谱 as 低/盐, but the query 低盐 as one word; it keeps the query
电信诈骗 whole, but the title 防范电信网络诈骗 has 电信 and 诈骗 apart; and a
prefix a resident is still typing (高血) is no word at all. So a text is
stored as its search-mode words plus every pair of adjacent Chinese
characters plus the longer prefixes of each word (`index_tokens`), and a
query word is matched by any of: itself, all of its character pairs (it
occurs inside a longer run), or all of its parts (its pieces occur apart) —
see `concepts`. Whatever jieba does with either side, a word typed from a
title finds it.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Local terms jieba must keep whole ("word frequency tag" per line, no comments).
DICTIONARY = Path(__file__).with_name("dictionary.txt")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
HAN_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
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


def han_runs(text: str) -> list[str]:
    """Stretches of two or more Chinese characters."""
    return HAN_RUN.findall(text)


def pairs(run: str) -> list[str]:
    """Adjacent character pairs: 电信网络 → 电信, 信网, 网络."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_tokens(text: str) -> list[str]:
    """What a text is stored as: its search-mode words in order (repeats kept,
    they weigh in ranking), then, once each, every character pair of its
    Chinese runs and each word's prefixes of three characters or more (the
    two-character ones are pairs already)."""
    normalised = normalise(text)
    tokens = words(normalised)
    extra: dict[str, None] = {}
    for word in dict.fromkeys(tokens):
        if len(word) >= 4 and HAN.fullmatch(word[0]):
            for end in range(3, len(word)):
                extra.setdefault(word[:end], None)
    for run in han_runs(normalised):
        for pair in pairs(run):
            extra.setdefault(pair, None)
    seen = set(tokens)
    return [*tokens, *(token for token in extra if token not in seen)]


# Question words, particles and the frame of a spoken request (我想学……,
# 请问哪里可以……, 有没有教……的): they match everything, so they are dropped.
QUERY_STOPWORDS = frozenset(
    "什么 怎么 怎么办 怎么样 怎样 如何 哪些 哪里 哪儿 哪个 为什么 吗 呢 吧 啊 呀 嘛 "
    "的 地 得 了 着 过 和 与 及 跟 是 有 在 就 都 也 还 又 很 "
    "我 我们 你 您 他 她 咱 咱们 自己 大家 想 要 想要 想学 我想 我想学 我要 我要学 "
    "学 学学 学习 一下 一些 一点 点 可以 能 能不能 会 请问 请 麻烦 帮 帮我 帮忙 "
    "教 教教 教我 给 给我 有没有 没有 有的 找 找找 看看 看 听 听听 知道 问 问问 "
    "关于 方面 相关 东西 哪家 附近 这个 那个 这些 那些 一个 个 些 吧 啦 哦 "
    "好 好的 谢谢 你好 老师 怎么学 如何学 学会 去 到 上 下 里 来".split()
)


PARTICLES = frozenset("了吗呢吧啊呀嘛的着过啦哦")


def query_words(text: str) -> list[str]:
    """The longest words of a query, each once, in order (precise mode).

    Single characters jieba leaves side by side are joined again (从我 is cut
    从/我, 至四 至/四): apart they match nearly everything, together they are
    the pair the resident typed. Question words, and runs made only of them,
    are left out unless nothing else remains.
    """
    seen: dict[str, None] = {}
    run: list[str] = []

    def close_run() -> None:
        while len(run) > 2 and run[-1] in PARTICLES:
            run.pop()
        if run:
            seen.setdefault("".join(run), None)
            run.clear()

    for token in _typed_prefix_kept(list(_jieba().cut(normalise(text)))):
        if len(token) == 1 and HAN.fullmatch(token):
            run.append(token)
            continue
        close_run()
        if token.strip() and WORD.search(token):
            seen.setdefault(token, None)
    close_run()
    meaningful = [word for word in seen if not _only_stopwords(word)]
    return meaningful or list(seen)


def single_character(query: str) -> str:
    """The Chinese character, when that is all the query is (拳, 舞: one
    stroke of handwriting input); no stored word is one, so it is looked for
    inside the stored words instead. Empty otherwise."""
    text = "".join(normalise(query).split())
    return text if len(text) == 1 and HAN.fullmatch(text) else ""


def _spelled_out_joined(text: str) -> str:
    """高 血 压, typed one character at a time, is 高血压."""
    pieces = text.split()
    if len(pieces) > 1 and all(len(p) == 1 and HAN.fullmatch(p) for p in pieces):
        return "".join(pieces)
    return text


def _typed_prefix_kept(tokens: list[str]) -> list[str]:
    """A query that ends half-way through a word keeps that part whole.

    jieba cuts 垃圾分 as 垃圾/分 and 邻里纠 as 邻里/纠, though the resident is
    typing 垃圾分类 and 邻里纠纷; the stored words hold such prefixes
    (`index_tokens`), so the last word and the character after it stay
    together when they begin a dictionary word.
    """
    if len(tokens) < 2 or len(tokens[-1]) != 1 or len(tokens[-2]) < 2:
        return tokens
    joined = tokens[-2] + tokens[-1]
    if HAN_ONLY.fullmatch(joined) and _jieba().get_FREQ(joined) is not None:
        return [*tokens[:-2], joined]
    return tokens


def _only_stopwords(word: str) -> bool:
    return word in QUERY_STOPWORDS or (
        len(word) > 1
        and all(HAN.fullmatch(c) for c in word)
        and all(c in QUERY_STOPWORDS for c in word)
    )


#: How closely a token set stands for what was typed: the word itself as
#: one stored token, the word's own parts or character pairs, a thesaurus
#: word. Both engines rank a closer match first, so a lesson titled 宝宝 comes
#: before one titled 婴幼儿 when 宝宝 is asked.
EXACT, OWN, RELATED = 0, 1, 2


@dataclass(frozen=True)
class Concept:
    """One thing the resident asked for, and the token sets that count as it:
    an entry matches if it holds every token of any one set. `closeness`
    gives each set's EXACT, OWN or RELATED."""

    word: str
    alternatives: tuple[tuple[str, ...], ...]
    closeness: tuple[int, ...] = ()

    @property
    def tokens(self) -> list[str]:
        return list(dict.fromkeys(t for group in self.alternatives for t in group))

    def groups(self, closeness: int) -> list[tuple[str, ...]]:
        """The token sets of one closeness."""
        return [
            group
            for group, close in zip(self.alternatives, self.closeness, strict=True)
            if close == closeness
        ]


def parts(word: str) -> list[str]:
    """The word cut into dictionary words of two characters or more, left to
    right, longest first (电信诈骗 → 电信, 诈骗); empty if it cannot be."""
    known = {
        token
        for token in _jieba().cut_for_search(word)
        if token != word and len(token) >= 2
    }
    cut, position = [], 0
    while position < len(word):
        piece = max(
            (token for token in known if word.startswith(token, position)),
            key=len,
            default=None,
        )
        if piece is None:
            return []
        cut.append(piece)
        position += len(piece)
    return cut


def alternatives(word: str) -> list[tuple[str, ...]]:
    """The token sets that count as `word` in a stored text (see the module)."""
    found = [(word,)]
    if HAN.search(word) and len(word) >= 3:
        pieces = tuple(parts(word))
        if len(pieces) > 1:
            found.append(pieces)
        grams = tuple(dict.fromkeys(p for run in han_runs(word) for p in pairs(run)))
        if grams and "".join(han_runs(word)) == word:
            found.append(grams)
    return list(dict.fromkeys(found))


# A query this long is a paragraph pasted in; its first words are enough.
MAX_CONCEPTS = 12
MAX_VARIANTS = 12


def concepts(
    query: str,
    *,
    synonyms: dict[str, list[str]] | None = None,
    pinyin_words: Callable[[str], list[str]] | None = None,
) -> list[Concept]:
    """What to look for: one concept per content word of the query, each with
    its editors' synonyms. Typed pinyin becomes the Chinese words of the
    catalogue that read so (`pinyin_words`), so gaoxueya finds exactly what
    高血压 finds."""
    synonyms = synonyms or {}
    if pinyin_words is not None and looks_like_pinyin(query):
        token = pinyin_query(query)
        written = pinyin_words(token)
        variants = [*written, token]
        return [_concept(written[0] if written else token, variants, synonyms)]
    return [
        _concept(word, [word], synonyms)
        for word in _phrases(query, synonyms)[:MAX_CONCEPTS]
    ]


#: The longest thesaurus word looked for inside a query (its MAX_TERM_LENGTH).
ENTRY_LENGTH = 20


def _phrases(query: str, synonyms: dict[str, list[str]]) -> list[str]:
    """The query's words, with thesaurus entries kept whole.

    jieba cuts 血压高 as 血压/高 and 我想学太级拳 as 学太级/拳, but the entry is
    the whole phrase; so the longest entries written in Chinese characters are
    taken out of the query first (leftmost, longest), and only the text around
    them is cut into words. A two-character entry is taken only where jieba
    also cuts there (低血压 is not 低 + 血压, 母乳喂 being typed is not 母乳 +
    喂). Words that only say 我想学 are dropped once an entry was found.
    """
    text = _spelled_out_joined(normalise(query))
    if not synonyms:
        return query_words(text)
    cuts = {0}
    for token in _typed_prefix_kept(list(_jieba().cut(text))):
        cuts.add(max(cuts) + len(token))
    pieces: list[tuple[bool, str]] = []  # (is an entry, text)
    position = chunk_start = 0
    while position < len(text):
        for size in range(min(ENTRY_LENGTH, len(text) - position), 1, -1):
            piece = text[position : position + size]
            whole = size > 2 or {position, position + size} <= cuts
            if whole and piece in synonyms and HAN_ONLY.fullmatch(piece):
                pieces += [(False, text[chunk_start:position]), (True, piece)]
                position = chunk_start = position + size
                break
        else:
            position += 1
    if not pieces:
        return query_words(text)
    pieces.append((False, text[chunk_start:]))
    found = [
        word
        for is_entry, piece in pieces
        if piece.strip()
        for word in ([piece] if is_entry else query_words(piece))
        if is_entry or not _only_stopwords(word)
    ]
    return list(dict.fromkeys(found))


def _concept(word: str, variants: Iterable[str], synonyms) -> Concept:
    """`variants` are what the resident typed (or its Chinese, for pinyin);
    their synonyms are related, never as close."""
    variants = list(dict.fromkeys(variants))
    related = [
        synonym
        for variant in variants
        for synonym in synonyms.get(variant, ())
        if synonym not in variants
    ]
    chosen = [*variants, *dict.fromkeys(related)][:MAX_VARIANTS]
    closeness: dict[tuple[str, ...], int] = {}
    for position, variant in enumerate(chosen):
        for index, group in enumerate(alternatives(variant)):
            if position >= len(variants):
                close = RELATED
            else:
                close = EXACT if index == 0 else OWN
            closeness[group] = min(close, closeness.get(group, close))
    return Concept(word, tuple(closeness), tuple(closeness.values()))


def has_han(text: str) -> bool:
    return bool(HAN.search(text or ""))


def reading(word: str) -> tuple[str, str]:
    """Full pinyin and initials of a word: 太极拳 → (taijiquan, tjq)."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(word, errors="ignore")
    if not syllables:
        return "", ""
    initials = lazy_pinyin(word, style=Style.FIRST_LETTER, errors="ignore")
    return "".join(syllables), "".join(s[0] for s in initials)


def pinyin_tokens(text: str) -> list[str]:
    """Full pinyin and initials of each Chinese word: 太极拳 → taijiquan, tjq."""
    tokens: dict[str, None] = {}
    for word in words(text):
        if has_han(word):
            for token in reading(word):
                if token:
                    tokens.setdefault(token, None)
    return list(tokens)


def vocabulary(text: str) -> list[str]:
    """The Chinese words of a text worth offering for typed pinyin."""
    return list(
        dict.fromkeys(
            word
            for word in words(text)
            if 2 <= len(word) <= 12
            and HAN.fullmatch(word[0])
            and word not in QUERY_STOPWORDS
        )
    )


def as_written(query: str, concepts: list[Concept], *, joiner: str = " ") -> str:
    """The query as the catalogue would write it, for ranking by the words
    side by side: typed pinyin as the Chinese it was read back into (joined
    by `joiner`), anything else normalised."""
    if looks_like_pinyin(query):
        return joiner.join(c.word for c in concepts)
    return normalise(query)


def looks_like_pinyin(query: str) -> bool:
    """ASCII letters only (spaces and apostrophes allowed), as pinyin is typed."""
    return bool(PINYIN_QUERY.match(normalise(query)))


def pinyin_query(query: str) -> str:
    """Typed pinyin as one token: "tai ji quan" and "tai'ji'quan" → taijiquan."""
    return re.sub(r"[\s']", "", normalise(query))
