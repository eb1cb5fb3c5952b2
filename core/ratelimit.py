"""Fixed-window counters for the few places that must stop a flood (sign-in,
sign-up, certificate look-ups, comments) without a separate service.

The counters live in the ``ratelimit`` cache: Redis when it is configured, so
they hold across processes and restarts, otherwise files under ``var/``, so a
restart of ``make run`` does not wipe them either.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest


def _counters():
    return caches["ratelimit"]


def over_limit(key: str, *, limit: int, window: int) -> bool:
    """Count one more use of `key`; True once it passes `limit` in `window` s."""
    return hit(key, window=window) > limit


def hit(key: str, *, window: int) -> int:
    """Count one more use of `key` in its window; return the count so far."""
    cache, key = _counters(), f"ratelimit:{key}"
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return 1


def first_use(key: str, *, window: int) -> bool:
    """True the first time `key` is seen in `window` s, False after that."""
    return bool(_counters().add(f"seen:{key}", 1, window))


def count(key: str) -> int:
    """How many uses `key` has in its current window, without adding one."""
    return int(_counters().get(f"ratelimit:{key}", 0))


def forget(key: str) -> None:
    _counters().delete(f"ratelimit:{key}")


def client_address(request: HttpRequest) -> str:
    """The address of the client, not of our own proxy.

    With ``TRUSTED_PROXIES = n`` the site sits behind n proxies that each
    append the address they saw to X-Forwarded-For, so the n-th entry from
    the right is the client's; entries further left are whatever the client
    sent and are never believed. With 0 (the default), X-Forwarded-For is
    ignored and REMOTE_ADDR is the client.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"
