"""What changes in this app purge from the page cache (core.pagecache):
the nightly roll-up rewrites the figures the public statistics page shows."""

from __future__ import annotations

from core.pagecache import model_purges

STATS_TAG = "stats"


def install() -> None:
    model_purges(label="stats.LearnerActivity", tags=lambda row, fields: (STATS_TAG,))
