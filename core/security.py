"""Content-Security-Policy and Permissions-Policy for every response.

The public site runs no inline script, so its policy allows scripts from our
own origin only; media, thumbnails and map tiles also come from the storage
and tile hosts the settings name (the tile host is read per response).
Wagtail's admin renders inline scripts of its own, so /admin/ gets a
narrower policy that still forbids plugins, foreign base URLs and framing by
other sites.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.utils.csp import CSP

from .pagecache import inline_styles, request_marked

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera", "microphone", "geolocation", "payment", "usb", "serial",
        "midi", "magnetometer", "gyroscope", "accelerometer",
        "display-capture", "browsing-topics",
    )
)  # fmt: skip
ADMIN_POLICY = {
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}


def origin_of(url: str) -> str:
    """The CSP source for a URL: scheme://host[:port]; a template's {s}
    (tile servers' subdomains) becomes a wildcard."""
    if not url:
        return ""
    parts = urlsplit(url.replace("{s}", "sub"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("sub.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}"


def style_hashes(template: Path) -> list[str]:
    """'sha256-…' sources for the <style> blocks of a page rendered without a
    request (the 500 page), which can carry no nonce."""
    text = template.read_text(encoding="utf-8")
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'"
        for block in re.findall(r"<style>(.*?)</style>", text, re.S)
    ]


def public_policy(*, media: list[str], styles: list[str]) -> dict:
    media = [m for m in media if m]
    return {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF, CSP.NONCE],
        "style-src-elem": [CSP.SELF, CSP.NONCE, *styles],
        # Brand colours set as custom properties in style attributes.
        "style-src-attr": [CSP.UNSAFE_INLINE],
        "img-src": [CSP.SELF, "data:", "blob:", *media],
        "media-src": [CSP.SELF, "blob:", *media],
        "connect-src": [CSP.SELF, *media],
        "worker-src": [CSP.SELF, "blob:"],
        "font-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.SELF],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.SELF],
    }


def stored_page_policy(policy: dict, *, styles: list[str]) -> dict:
    """The policy for a page that may be stored and served to many visitors:
    a nonce shared by all of them would protect nothing, so it carries none,
    and its inline styles are allowed by their hashes instead."""
    stored = {
        directive: [source for source in sources if source != CSP.NONCE]
        for directive, sources in policy.items()
    }
    stored["style-src-elem"] = [*stored.get("style-src-elem", []), *styles]
    return stored


class SecurityHeadersMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware with the admin's own policy, plus
    Permissions-Policy."""

    admin_prefixes = ("/admin/", "/django-admin/")

    def process_response(self, request, response):
        if not hasattr(response, "_csp_config"):
            policy = settings.SECURE_CSP
            if request.path.startswith(self.admin_prefixes):
                policy = ADMIN_POLICY
            elif tiles := origin_of(getattr(settings, "LEARNING_MAP_TILE_URL", "")):
                # Read per response: the tile server is a setting of its own.
                policy = dict(policy)
                policy["img-src"] = [*policy.get("img-src", []), tiles]
            styles = inline_styles(request)
            if request_marked(request):
                policy = stored_page_policy(policy, styles=styles)
            elif styles:
                policy = dict(policy)
                policy["style-src-elem"] = [*policy.get("style-src-elem", []), *styles]
            if policy is not settings.SECURE_CSP:
                response._csp_config = policy
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return super().process_response(request, response)
