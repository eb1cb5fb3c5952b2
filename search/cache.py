"""What changes in this app purge from the page cache (core.pagecache).

The supermarket's shelves are read from the search index, which is written
by tasks after the pages commit: a page served between the two would show
the old shelves under the new version. So pages built from the index also
depend on "index", purged after every write to it. The search log, the
vocabulary and the thesaurus show on no stored page (typed searches are
never stored).
"""

from __future__ import annotations

from core.pagecache import model_purges, page_cache_purge_later, tags_purge

INDEX_TAG = "index"
NEVER_SHOWN = (
    "search.Synonym",
    "search.SearchQuery",
    "search.SearchMiss",
    "search.SynonymCandidate",
    "search.SearchEntry",
    "search.SearchTerm",
)


def install() -> None:
    for label in NEVER_SHOWN:
        model_purges(label=label, tags=None)


#: The index shows a write to searches within its refresh interval (1 s).
REFRESH_SECONDS = 2


def index_written(*, refreshed: bool) -> None:
    """Purge the pages built from the index: now, and once more after the
    index's refresh when the write did not wait for it."""
    tags_purge(tags=(INDEX_TAG,))
    if not refreshed:
        page_cache_purge_later(tags=(INDEX_TAG,), seconds=REFRESH_SECONDS)
