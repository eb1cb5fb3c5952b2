"""Signals the media pipeline sends, for the apps that embed its assets.

``asset_ready`` fires (after commit) when an asset's renditions are published;
``asset`` is the MediaAsset with its probed ``duration``.
"""

from django.dispatch import Signal

asset_ready = Signal()
