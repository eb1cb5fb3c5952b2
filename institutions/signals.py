"""Signals the institution tree sends, so apps above it can add their part.

``institution_group_synced`` fires after ``institution_group_sync`` has
refreshed an institution's editor group: receivers grant the permissions of
their own models (``collection`` is the institution's own collection,
``editors`` says whether it is a college or the city).
"""

from django.dispatch import Signal

institution_group_synced = Signal()
