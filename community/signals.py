"""Signals this app sends, for the apps above it to listen to."""

from django.dispatch import Signal

# A page's ratings changed (sent with ``page_id``). The supermarket ranks by
# ratings, so ``search`` listens and re-indexes the page after commit.
rating_changed = Signal()
