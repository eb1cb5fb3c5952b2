"""Residents' accounts: signing in with a mobile number, and deleting an
account so the person is gone while the anonymous figures stay."""

from __future__ import annotations

import re
import uuid

from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from .models import Certificate, LearnerProfile

PHONE = re.compile(r"^1[3-9]\d{9}$")


class PhoneBackend(ModelBackend):
    """Lets "username" on the sign-in form be the mobile number given at sign-up."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not PHONE.match(username.strip()):
            return None
        profile = (
            LearnerProfile.objects.select_related("user")
            .filter(phone=username.strip(), deleted_at__isnull=True)
            .first()
        )
        user = profile.user if profile else None
        if user and user.check_password(password) and self.user_can_authenticate(user):
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
