"""What a resident tells us about themselves, and nothing more."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-11"


class LearnerProfile(models.Model):
    """Where a resident learns and who they are among learners.

    The place and audience groups feed participation figures by community
    and survive account deletion without a name attached; the phone number
    is for signing in and is erased with the account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learner_profile",
    )
    phone = models.CharField(
        _("手机号"), max_length=11, null=True, blank=True, unique=True
    )
    place = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("所在社区或村"),
    )
    audiences = models.ManyToManyField(
        "resources.Audience", blank=True, verbose_name=_("我是")
    )
    consented_at = models.DateTimeField(_("同意隐私说明的时间"))
    consent_version = models.CharField(max_length=10, default=CONSENT_VERSION)
    deleted_at = models.DateTimeField(_("注销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习者资料")
        verbose_name_plural = _("学习者资料")

    def __str__(self) -> str:
        return str(self.user)
