"""Residents' accounts: signing in with a mobile number, and deleting an
account so the person is gone while the anonymous figures stay."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from core.ratelimit import client_address, over_limit
from core.signin import signin_reset

from .models import Certificate, LearnerProfile
from .sms import sms_send

PHONE = re.compile(r"^1[3-9][0-9]{9}$")
CODE_TTL = 600
CODE_TRIES = 5
CODES_PER_PHONE = 3
CODES_PER_CLIENT = 10
CODE_WINDOW = 3600
BIND, RESET = "bind", "reset"


class PhoneError(Exception):
    """Why a phone code was not accepted, in the resident's language."""


def account_for(identifier: str):
    """The account a username, or a resident's verified number, names."""
    users = get_user_model()
    name = identifier.strip()
    user = users._default_manager.filter(**{users.USERNAME_FIELD: name}).first()
    if user is None and PHONE.match(name):
        profile = (
            LearnerProfile.objects.select_related("user")
            .filter(phone=name, deleted_at__isnull=True)
            .first()
        )
        user = profile.user if profile else None
    return user


def signin_identity(identifier: str) -> str:
    """What sign-in throttling counts failures against: the account, however
    it was named (username or number), so a guesser gets one allowance per
    account rather than one per way of typing it; unknown names as typed."""
    user = account_for(identifier)
    return f"account:{user.pk}" if user else identifier


class AccountBackend(ModelBackend):
    """Signs in by username, or by the mobile number a resident verified.

    Exactly one password hash is computed per attempt, whether the name or
    number exists or not, so the time taken does not tell a stranger which
    numbers are registered (Django's ModelBackend plus a second backend for
    phones used to hash twice for a registered number).
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        users = get_user_model()
        if username is None:
            username = kwargs.get(users.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = account_for(str(username))
        if user is None:
            users().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def delete_account(user) -> None:
    """Erase what identifies the person; keep what is counted.

    Progress, completions and the credit ledger stay, tied to an anonymous
    account, so participation figures do not change when someone leaves.
    Certificates can no longer name a holder and say so on verification.
    """
    with transaction.atomic():
        user.username = f"deleted-{uuid.uuid4().hex[:12]}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        LearnerProfile.objects.filter(user=user).update(
            phone=None, deleted_at=timezone.now()
        )
        Certificate.objects.filter(learner=user).update(holder_name="")
        Certificate.objects.filter(learner=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_reason="持证人已注销账户"
        )


def _code_key(purpose: str, phone: str) -> str:
    return f"phone-code:{purpose}:{phone}"


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def _registered(phone: str) -> bool:
    return LearnerProfile.objects.filter(phone=phone, deleted_at__isnull=True).exists()


def phone_code_send(
    *, request: HttpRequest, phone: str, purpose: str, user=None
) -> bool:
    """Text a one-time code for binding a number (BIND) or resetting the
    password of the account it belongs to (RESET).

    What the page says afterwards is the same whether the number is
    registered or not; only the phone's owner learns which, by the message
    they get (a code, or "this number already has an account"). False means
    too many codes were asked for, from this client or for this number.
    """
    if over_limit(
        f"sms:client:{client_address(request)}",
        limit=CODES_PER_CLIENT,
        window=CODE_WINDOW,
    ) or over_limit(f"sms:phone:{phone}", limit=CODES_PER_PHONE, window=CODE_WINDOW):
        return False
    registered = _registered(phone)
    if purpose == BIND and registered:
        sms_send(
            phone=phone,
            text=_(
                "【社区学习超市】这个手机号已经注册过账号，可以直接用它登录；"
                "忘记密码的话，在登录页点“忘记密码”。"
            ),
        )
        return True
    if purpose == RESET and not registered:
        return True
    code = f"{secrets.randbelow(10**6):06d}"
    cache.set(
        _code_key(purpose, phone),
        {"digest": _digest(code), "user": getattr(user, "pk", None), "tries": 0},
        CODE_TTL,
    )
    sms_send(
        phone=phone,
        text=_("【社区学习超市】验证码 %(code)s，10 分钟内有效，请不要告诉别人。")
        % {"code": code},
    )
    return True


def phone_code_check(*, phone: str, purpose: str, code: str, user=None) -> bool:
    """True once for the right code; five wrong tries spend it."""
    key = _code_key(purpose, phone)
    entry = cache.get(key)
    if not isinstance(entry, dict) or entry.get("user") != getattr(user, "pk", None):
        return False
    entry["tries"] += 1
    if entry["tries"] > CODE_TRIES:
        cache.delete(key)
        return False
    if not hmac.compare_digest(entry["digest"], _digest(str(code).strip())):
        cache.set(key, entry, CODE_TTL)
        return False
    return bool(cache.delete(key))  # two racing checks: one wins


def phone_bind(*, user, phone: str, code: str) -> None:
    """Make a verified number the account's second sign-in name."""
    if not phone_code_check(phone=phone, purpose=BIND, code=code, user=user):
        raise PhoneError(_("验证码不对或已经过期，请重新获取。"))
    try:
        with transaction.atomic():
            bound = LearnerProfile.objects.filter(
                user=user, deleted_at__isnull=True
            ).update(phone=phone)
    except IntegrityError as error:
        raise PhoneError(_("这个手机号已经绑定了别的账号。")) from error
    if not bound:
        raise PhoneError(_("只有居民账号可以绑定手机号。"))


def password_reset_by_phone(
    *, phone: str, code: str, password: str, request: HttpRequest | None = None
):
    """Set a new password for the account that verified this number."""
    if not phone_code_check(phone=phone, purpose=RESET, code=code):
        raise PhoneError(_("验证码不对或已经过期，请重新获取。"))
    profile = (
        LearnerProfile.objects.select_related("user")
        .filter(phone=phone, deleted_at__isnull=True)
        .first()
    )
    if profile is None:
        raise PhoneError(_("验证码不对或已经过期，请重新获取。"))
    user = profile.user
    user.set_password(password)
    user.save(update_fields=["password"])
    signin_reset(identifier=signin_identity(phone), request=request)
    return user
