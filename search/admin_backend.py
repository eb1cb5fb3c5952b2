"""Wagtail's database search backend, taught to find Chinese words inside titles.

The admin's page, snippet and media search and every chooser use Wagtail's
search backend. Its database backends (PostgreSQL's full-text search, SQLite's
FTS5) split text on spaces and punctuation, so a Chinese title is one long
"word": 智慧课堂 or 防跌倒 found nothing inside 老年人智慧课堂 or 老年人防跌倒小课堂.

Here every indexed text also carries its Han characters and their pairs
(and jieba's words, from search.analysis), and a query's Chinese is turned
into the same pairs, all of which must match. Pairs agree on both sides
whatever jieba makes of a phrase, so any run of two or more characters from
a title finds it; a single character finds it too.
"""

from __future__ import annotations

import re
from functools import cache

from django.db import connection
from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import PlainText

from .analysis import HAN, has_han, words

HAN_RUN = re.compile(f"(?:{HAN.pattern})+")


def han_grams(text: str) -> list[str]:
    """Every character and every adjacent pair of each run of Han characters."""
    grams = []
    for run in HAN_RUN.findall(text or ""):
        grams += list(run)
        grams += [run[i : i + 2] for i in range(len(run) - 1)]
    return grams


def index_text(value: str) -> str:
    """What is indexed for a text: itself, its words and its Han grams."""
    if not has_han(value):
        return value
    return " ".join([value, *words(value), *han_grams(value)])


def query_terms(query: str) -> str:
    """A query's terms: each Chinese run as its pairs (or its one character)."""
    terms = []
    for part in re.split(f"({HAN_RUN.pattern})", query or ""):
        if HAN_RUN.fullmatch(part):
            pairs = [part[i : i + 2] for i in range(len(part) - 1)]
            terms += pairs or [part]
        else:
            terms += part.split()
    return " ".join(terms)


def _chinese(query):
    if isinstance(query, PlainText) and has_han(query.query_string):
        return PlainText(query_terms(query.query_string), operator="and")
    return query


def _indexer(module):
    class ChineseObjectIndexer(module.ObjectIndexer):
        def prepare_value(self, value):
            return index_text(super().prepare_value(value))

    return ChineseObjectIndexer


@cache
def _postgres():
    from modelsearch.backends.database.postgres import postgres

    # The index builds entries through the module's ObjectIndexer by name.
    postgres.ObjectIndexer = _indexer(postgres)

    class Compiler(postgres.PostgresSearchQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            return super().build_tsquery_content(
                _chinese(query), config=config, invert=invert
            )

    class AutocompleteCompiler(postgres.PostgresAutocompleteQueryCompiler):
        def build_tsquery_content(self, query, config=None, invert=False):
            return super().build_tsquery_content(
                _chinese(query), config=config, invert=invert
            )

    class Backend(postgres.PostgresSearchBackend):
        query_compiler_class = Compiler
        autocomplete_query_compiler_class = AutocompleteCompiler

    return Backend


@cache
def _sqlite():
    from modelsearch.backends.database.sqlite import sqlite

    sqlite.ObjectIndexer = _indexer(sqlite)

    class Compiler(sqlite.SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_chinese(query), config=config)

    class AutocompleteCompiler(sqlite.SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_chinese(query), config=config)

    class Backend(sqlite.SQLiteSearchBackend):
        query_compiler_class = Compiler
        autocomplete_query_compiler_class = AutocompleteCompiler

    return Backend


def SearchBackend(params):
    if connection.vendor == "postgresql":
        return _postgres()(params)
    backend = database_backend(params)
    if (
        connection.vendor == "sqlite"
        and backend.__class__.__name__ == "SQLiteSearchBackend"
    ):
        return _sqlite()(params)
    return backend
