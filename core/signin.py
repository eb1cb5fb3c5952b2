"""Throttling sign-in so passwords cannot be guessed, without handing an
attacker a way to lock a resident out.

Failed attempts are counted three ways in a 15-minute window: per client
address (any accounts), per account from that address, and per account from
everywhere. The last stops a guesser who spreads over many addresses, but it
would let anyone lock a resident out by failing on purpose, so it does not
apply on a device the account has signed in from before: a successful
sign-in leaves a signed "known device" cookie naming the account (a hash of
it), and the account's own phone keeps working while strangers are refused.

A refused attempt is refused before the password is checked, so the right
password after forty wrong ones does not sign in either.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .ratelimit import client_address, count, forget, hit

WINDOW = 15 * 60
CLIENT_FAILURES = 30
ACCOUNT_CLIENT_FAILURES = 5
ACCOUNT_FAILURES = 20
DEVICE_COOKIE = "known_device"
DEVICE_SALT = "core.signin.device"
DEVICE_ACCOUNTS = 5
DEVICE_MAX_AGE = 365 * 24 * 3600

REFUSED = _(
    "尝试次数太多了。为了保护账号安全，请 15 分钟后再试。"
    "忘记密码的话，可以点“忘记密码”用手机号重设。"
)


def account_key(identifier: str) -> str:
    """A stable, non-reversible name for what was typed as the account."""
    normalised = (identifier or "").strip().casefold()
    return hashlib.sha256(normalised.encode()).hexdigest()[:24]


def _known_accounts(request: HttpRequest) -> list[str]:
    try:
        known = signing.loads(
            request.COOKIES.get(DEVICE_COOKIE, ""),
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
        )
    except signing.BadSignature:
        return []
    if not isinstance(known, list):
        return []
    return [item for item in known if isinstance(item, str)]


def _keys(request: HttpRequest, account: str) -> tuple[str, str, str]:
    client = client_address(request)
    return (
        f"signin:client:{client}",
        f"signin:account-client:{account}:{client}",
        f"signin:account:{account}",
    )


def signin_refused(*, request: HttpRequest, identifier: str) -> bool:
    """True if this attempt must be refused before any password is checked."""
    account = account_key(identifier)
    by_client, by_account_client, by_account = _keys(request, account)
    if count(by_client) >= CLIENT_FAILURES:
        return True
    if count(by_account_client) >= ACCOUNT_CLIENT_FAILURES:
        return True
    return count(by_account) >= ACCOUNT_FAILURES and account not in _known_accounts(
        request
    )


def signin_failed(*, request: HttpRequest, identifier: str) -> None:
    for key in _keys(request, account_key(identifier)):
        hit(key, window=WINDOW)


def signin_succeeded(*, request: HttpRequest, identifier: str) -> None:
    """Clear this account's failures from this address and remember the device."""
    account = account_key(identifier)
    forget(_keys(request, account)[1])
    known = [key for key in _known_accounts(request) if key != account]
    request._known_device_accounts = [account, *known][:DEVICE_ACCOUNTS]


def signin_reset(*, identifier: str, request: HttpRequest | None = None) -> None:
    """After a password reset the account starts with a clean slate, on the
    device that reset it too (else she is sent back to 忘记密码 in a loop)."""
    account = account_key(identifier)
    forget(f"signin:account:{account}")
    if request is not None:
        forget(_keys(request, account)[1])


class ThrottledSignInMixin:
    """For AuthenticationForm subclasses (the residents' and the admin's)."""

    def throttle_identity(self, identifier: str) -> str:
        """What failures are counted against; forms that can resolve the
        account (resources.accounts.signin_identity) say so here."""
        return identifier

    def clean(self):
        request = getattr(self, "request", None)
        identifier = self.throttle_identity(str(self.data.get("username", ""))[:150])
        if request is None:
            return super().clean()
        if signin_refused(request=request, identifier=identifier):
            raise ValidationError(REFUSED, code="throttled")
        try:
            cleaned = super().clean()
        except ValidationError:
            signin_failed(request=request, identifier=identifier)
            raise
        signin_succeeded(request=request, identifier=identifier)
        return cleaned


class KnownDeviceMiddleware:
    """Writes the known-device cookie a successful sign-in asked for."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        accounts = getattr(request, "_known_device_accounts", None)
        if accounts:
            response.set_cookie(
                DEVICE_COOKIE,
                signing.dumps(accounts, salt=DEVICE_SALT),
                max_age=DEVICE_MAX_AGE,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
