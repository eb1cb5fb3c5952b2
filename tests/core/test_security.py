"""Content-Security-Policy and Permissions-Policy on every response."""

from __future__ import annotations

import pytest
from django.conf import settings

from core.security import origin_of, style_hashes

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (
            part.split() for part in header.split(";") if part.strip()
        )
    }


def test_public_pages_run_only_our_own_scripts(client, demo_catalogue):
    response = client.get("/")
    policy = _policy(response)
    assert policy["script-src"][0] == "'self'"
    assert all(v.startswith(("'self'", "'nonce-")) for v in policy["script-src"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_media_may_come_from_the_storage_host():
    endpoint = settings.STORAGES["default"].get("OPTIONS", {}).get("endpoint_url")
    policy = settings.SECURE_CSP
    if endpoint:
        assert origin_of(endpoint) in policy["media-src"]
        assert origin_of(endpoint) in policy["connect-src"]
    assert "blob:" in policy["media-src"] and "blob:" in policy["worker-src"]


def test_the_admin_keeps_its_inline_scripts_but_not_plugins(client):
    response = client.get("/admin/login/")
    policy = _policy(response)
    assert "script-src" not in policy and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "Permissions-Policy" in response.headers


def test_the_error_page_style_is_allowed_by_hash():
    template = settings.PROJECT_DIR / "templates" / "500.html"
    (digest,) = style_hashes(template)
    assert digest in settings.SECURE_CSP["style-src-elem"]


def test_tile_server_templates_become_wildcards():
    assert origin_of("https://{s}.tile.example.cn/{z}/{x}/{y}.png") == (
        "https://*.tile.example.cn"
    )
    assert origin_of("") == "" and origin_of("tiles/{z}.png") == ""
