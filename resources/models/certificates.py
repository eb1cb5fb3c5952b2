"""Certificates of course completion, verifiable by anyone with the code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """What was certified, copied at issue, so later edits to the course or
    the learner's name do not change a certificate already handed out."""

    class NameShown(models.TextChoices):
        MASKED = "masked", _("只显示姓（如：王**）")
        FULL = "full", _("显示全名")

    code = models.CharField(_("证书编号"), max_length=32, unique=True)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates"
    )
    completion = models.OneToOneField(
        "resources.CourseCompletion",
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    holder_name = models.CharField(_("持证人"), max_length=60)
    name_shown = models.CharField(
        _("验证页显示的姓名"),
        max_length=8,
        choices=NameShown.choices,
        default=NameShown.MASKED,
    )
    course_title = models.CharField(_("课程"), max_length=255)
    institution_name = models.CharField(_("颁发机构"), max_length=255)
    hours = models.PositiveSmallIntegerField(_("学时"))
    credits = models.DecimalField(_("学分"), max_digits=4, decimal_places=1)
    issued_at = models.DateTimeField(
        _("颁发日期"), default=timezone.now, editable=False
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoked_reason = models.CharField(_("撤销原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("结业证书")
        verbose_name_plural = _("结业证书")

    def __str__(self) -> str:
        return f"{self.code} · {self.course_title}"

    @property
    def shown_name(self) -> str:
        if self.name_shown == self.NameShown.FULL or not self.holder_name:
            return self.holder_name
        return self.holder_name[0] + "*" * max(1, len(self.holder_name) - 1)

    @property
    def display_code(self) -> str:
        """Grouped by four for reading aloud and typing: ABCD-EFGH-…"""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))
