"""Converting community-education credits into another institution's or
into continuing-education credit, under rules the city's editors keep."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

COMMUNITY_ACCOUNT = "community"


class ConversionRule(models.Model):
    name = models.CharField(_("规则名称"), max_length=100)
    target_account = models.SlugField(
        _("转入的学分账户"),
        max_length=40,
        help_text=_("例如 open-university（市开放大学继续教育学分）。"),
    )
    target_name = models.CharField(_("转入学分的名称"), max_length=100)
    ratio = models.DecimalField(
        _("折算比例"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("1 个社区教育学分折合多少个转入学分，例如 0.5。"),
    )
    cap = models.DecimalField(
        _("每人最多转入"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    topics = models.ManyToManyField(
        "resources.Topic",
        blank=True,
        verbose_name=_("可转换的内容领域"),
        help_text=_("不选表示所有领域的学分都可以转换。"),
    )
    active = models.BooleanField(_("启用"), default=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("target_account"),
        FieldPanel("target_name"),
        FieldPanel("ratio"),
        FieldPanel("cap"),
        FieldPanel("topics"),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("学分转换规则")
        verbose_name_plural = _("学分转换规则")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.target_account == COMMUNITY_ACCOUNT:
            raise ValidationError(
                {"target_account": _("不能转入社区教育学分账户本身。")}
            )


class ConversionRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("等待审核")
        APPROVED = "approved", _("已转换")
        REJECTED = "rejected", _("未通过")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="conversion_requests",
    )
    rule = models.ForeignKey(
        ConversionRule, on_delete=models.PROTECT, verbose_name=_("转换规则")
    )
    amount = models.DecimalField(
        _("转出的社区教育学分"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(_("审核意见"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("学分转换申请")
        verbose_name_plural = _("学分转换申请")

    def __str__(self) -> str:
        return f"{self.learner} · {self.rule} · {self.amount}"
