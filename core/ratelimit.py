"""A fixed-window counter in the cache, for the few places that must stop a
flood (certificate look-ups, comments) without a separate service."""

from __future__ import annotations

from django.core.cache import cache


def over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one more use of `key`; True once it passes `limit` in `window` s."""
    key = f"ratelimit:{key}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key) > limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return False
