"""What changes in this app purge from the page cache (core.pagecache).

An asset's state, renditions and captions change what its lesson page shows
(the player or "still processing"), so they purge the page tree; an upload
in progress shows nowhere.
"""

from __future__ import annotations

from core.pagecache import model_purges


def install() -> None:
    model_purges(label="media_pipeline.Upload", tags=None)
