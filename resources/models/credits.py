"""The credit bank's ledger (学分银行).

Append-only: a balance is the sum of a learner's entries, and a mistake is
corrected by a new entry that reverses an old one, never by editing or
deleting it, so the ledger is its own audit trail.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Credit entries are never changed or removed."""


class CreditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("credit entries are append-only")

    def delete(self):
        raise AppendOnlyError("credit entries are append-only")


class CreditEntry(models.Model):
    class Kind(models.TextChoices):
        EARNED = "earned", _("获得")
        REVOKED = "revoked", _("撤销")
        CONVERTED_OUT = "converted_out", _("转出")
        CONVERTED_IN = "converted_in", _("转入")

    # Which kinds add to a balance and which take from it.
    SIGNS = {
        Kind.EARNED: 1,
        Kind.CONVERTED_IN: 1,
        Kind.REVOKED: -1,
        Kind.CONVERTED_OUT: -1,
    }

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="credit_entries",
    )
    kind = models.CharField(_("类型"), max_length=14, choices=Kind.choices)
    # Community-education credit, or the account a conversion rule pays into.
    account = models.SlugField(_("学分账户"), max_length=40, default="community")
    conversion = models.ForeignKey(
        "resources.ConversionRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    amount = models.DecimalField(_("学分"), max_digits=6, decimal_places=1)
    course = models.ForeignKey(
        "resources.CoursePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("操作人"),
    )
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    # One award per learner and course, enforced by the database.
    award_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now, editable=False)

    objects = CreditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind__in=["earned", "converted_in"], amount__gt=0)
                    | models.Q(kind__in=["revoked", "converted_out"], amount__lt=0)
                ),
                name="credit_amount_sign_matches_kind",
            )
        ]
        verbose_name = _("学分记录")
        verbose_name_plural = _("学分记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"

    def clean(self) -> None:
        if not self.amount or self.amount * self.SIGNS[self.kind] <= Decimal(0):
            raise ValidationError({"amount": _("学分的正负与类型不符。")})
        if self.kind == self.Kind.REVOKED and not self.reason.strip():
            raise ValidationError({"reason": _("撤销学分必须写明原因。")})

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyError("credit entries are append-only")
        # Uniqueness is left to the database, so racing requests cannot both pass.
        self.full_clean(validate_unique=False, validate_constraints=False)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("credit entries are append-only")
