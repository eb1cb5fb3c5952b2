"""One short-lived credential per asset, for all of its HLS files.

Signing every segment line of a playlist costs about a millisecond per line
(a one-hour lesson has thousands) and makes every segment URL unique, so no
cache can keep them. Instead the master playlist, where access is checked
(selectors.asset_readable_by), hands the viewer two cookies scoped to the
asset's folder under /hls/<asset id>/: when the credential expires and its
token, an MD5 over the expiry, the asset id, the viewer's session cookie and
a secret. The front server (nginx `secure_link`, deploy/nginx) checks them
for every variant playlist, segment and thumbnail sprite without asking the
application; `hls_file` checks the same where there is no front server
(`make run`, tests).

Signing out ends the session, so the token no longer matches: the same
playlist URL is refused at once. A lesson made private stops being served
when the credential expires, at most MEDIA_HLS_CREDENTIAL_SECONDS later; the
player fetches the master again well before that to renew it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse

EXPIRES_COOKIE = "hls_e"
TOKEN_COOKIE = "hls_t"  # noqa: S105 - a cookie name
#: Where an asset's transcoded files are served from: /hls/<id>/<folder>/…
#: is the storage key media-renditions/<id>/<folder>/….
URL_PREFIX = "/hls/"
STORAGE_PREFIX = "media-renditions/"
FILE = re.compile(r"^[0-9a-f]{6,32}/[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.(m3u8|ts|jpg)$")


def _secret() -> str:
    return settings.MEDIA_HLS_SECRET or settings.SECRET_KEY


def hls_url(key: str) -> str:
    """The /hls/ URL of a storage key under media-renditions/."""
    return URL_PREFIX + key.removeprefix(STORAGE_PREFIX)


def asset_path(asset_id: int) -> str:
    return f"{URL_PREFIX}{asset_id}/"


def token_for(*, asset_id: int, expires: int, session: str) -> str:
    """nginx's secure_link_md5 "$expires$asset$session secret", base64url."""
    raw = f"{expires}{asset_id}{session} {_secret()}".encode()
    digest = hashlib.md5(raw, usedforsecurity=False).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def credential_issue(
    *, request: HttpRequest, response: HttpResponse, asset_id: int
) -> None:
    lifetime = settings.MEDIA_HLS_CREDENTIAL_SECONDS
    expires = int(time.time()) + lifetime
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    for name, value in (
        (EXPIRES_COOKIE, str(expires)),
        (TOKEN_COOKIE, token_for(asset_id=asset_id, expires=expires, session=session)),
    ):
        response.set_cookie(
            name,
            value,
            max_age=lifetime,
            path=asset_path(asset_id),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def credential_valid(*, request: HttpRequest, asset_id: int) -> bool:
    expires = request.COOKIES.get(EXPIRES_COOKIE, "")
    token = request.COOKIES.get(TOKEN_COOKIE, "")
    if not (expires.isascii() and expires.isdigit() and len(expires) <= 12):
        return False
    if int(expires) < time.time():
        return False
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    expected = token_for(asset_id=asset_id, expires=int(expires), session=session)
    return hmac.compare_digest(expected, token)
