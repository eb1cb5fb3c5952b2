"""Whose address a limit counts: the client's, never a header it wrote."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from core.ratelimit import client_address, count, forget, hit


def _request(remote="10.0.0.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_forwarded_for_is_ignored():
    assert client_address(_request(forwarded="1.2.3.4")) == "10.0.0.9"


@override_settings(TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_last_entry_is_the_client():
    # The client made up "6.6.6.6"; our proxy appended what it saw.
    assert client_address(_request(forwarded="6.6.6.6, 203.0.113.7")) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=2)
def test_behind_two_proxies_the_second_from_the_right():
    request = _request(forwarded="6.6.6.6, 203.0.113.7, 10.0.0.2")
    assert client_address(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXIES=1)
def test_a_missing_or_bad_header_falls_back_safely():
    assert client_address(_request()) == "10.0.0.9"
    assert client_address(_request(forwarded="<script>")) == "unknown"


@pytest.mark.django_db
def test_counts_grow_and_are_forgotten():
    forget("test:key")
    assert [hit("test:key", window=60) for _ in range(3)] == [1, 2, 3]
    assert count("test:key") == 3
    forget("test:key")
    assert count("test:key") == 0
