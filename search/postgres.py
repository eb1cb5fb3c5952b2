"""PostgreSQL's share of the database fallback: GIN indexes and one-pass facets.

The fallback matches whole words with LIKE, which reads every entry. On
PostgreSQL a GIN index over the same space-separated words (migration
0003) first narrows the entries to those holding any of the words, so the
exact match runs on few rows; facet counts come from one GROUPING SETS
query instead of one query per facet. The expressions here and in the
migration must stay identical, or the planner will not use the indexes.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

WORDS_VECTOR = "to_tsvector('simple', title_words || ' ' || text_words)"
PINYIN_VECTOR = "to_tsvector('simple', pinyin)"
INDEXES = {
    "search_entry_words_gin": WORDS_VECTOR,
    "search_entry_pinyin_gin": PINYIN_VECTOR,
}


def enabled() -> bool:
    return connection.vendor == "postgresql"


def any_word(words: list[str]) -> RawSQL:
    """Entries holding at least one of the words (a superset of the LIKE match)."""
    query = " || ".join(["plainto_tsquery('simple', %s)"] * len(words))
    sql = f"{WORDS_VECTOR} @@ ({query})"
    return RawSQL(sql, words, output_field=BooleanField())  # noqa: S611 - words are parameters


def facet_counts(entries, names: list[str]) -> tuple[int, dict[str, list[tuple]]]:
    """The total and, per named column, (value, count) pairs, in one query."""
    sql, params = entries.values(*names).query.sql_with_params()
    sets = ", ".join([*(f"({name})" for name in names), "()"])
    columns = ", ".join(names)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT GROUPING({columns}), {columns}, COUNT(*) "  # noqa: S608 - our columns
            f"FROM ({sql}) AS matched GROUP BY GROUPING SETS ({sets})",
            params,
        )
        rows = cursor.fetchall()
    total, counts = 0, {name: [] for name in names}
    everything = (1 << len(names)) - 1
    for grouping, *values, count in rows:
        if grouping == everything:
            total = count
            continue
        position = next(
            i for i in range(len(names)) if not grouping & (1 << (len(names) - 1 - i))
        )
        counts[names[position]].append((values[position], count))
    return total, counts


def audience_counts(entries) -> list[tuple[str, int]]:
    sql, params = entries.values("audiences").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT audience, COUNT(*) FROM ("  # noqa: S608 - our query
            f"{sql}) AS matched CROSS JOIN LATERAL "
            "unnest(string_to_array(btrim(matched.audiences), ' ')) AS audience "
            "WHERE audience <> '' GROUP BY audience",
            params,
        )
        return cursor.fetchall()
