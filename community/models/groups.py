"""Learning groups (学习共同体、学习社团) that residents set up themselves.

Groups are residents' own, not editors' pages: any signed-in resident may
start one and becomes its organiser. Editors of the area can hide a group,
which removes it from every public page at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LearningGroup(models.Model):
    class Joining(models.TextChoices):
        OPEN = "open", _("直接加入")
        APPROVAL = "approval", _("组织者同意后加入")

    name = models.CharField(_("小组名称"), max_length=40)
    topic = models.CharField(
        _("学习内容"), max_length=60, help_text=_("例如：太极拳、智能手机、合唱。")
    )
    description = models.TextField(_("小组介绍"), max_length=600)
    area = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("所在社区或村"),
        on_delete=models.PROTECT,
        related_name="learning_groups",
    )
    meeting_place = models.CharField(_("活动地点"), max_length=100)
    meeting_time = models.CharField(
        _("活动时间"), max_length=100, help_text=_("例如：每周三晚上 7 点")
    )
    joining = models.CharField(
        _("加入方式"), max_length=10, choices=Joining.choices, default=Joining.OPEN
    )
    courses = models.ManyToManyField(
        "resources.CoursePage",
        verbose_name=_("一起学的课程"),
        blank=True,
        related_name="studied_by_groups",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    hidden_at = models.DateTimeField(_("隐藏时间"), null=True, blank=True)
    hidden_reason = models.CharField(_("隐藏原因"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("学习小组")
        verbose_name_plural = _("学习小组")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("group_detail", args=[self.pk])


class GroupMembership(models.Model):
    class Role(models.TextChoices):
        ORGANISER = "organiser", _("组织者")
        MEMBER = "member", _("组员")

    class Status(models.TextChoices):
        ACTIVE = "active", _("已加入")
        PENDING = "pending", _("等待同意")

    group = models.ForeignKey(
        LearningGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], name="one_membership")
        ]


class GroupNotice(models.Model):
    group = models.ForeignKey(
        LearningGroup, on_delete=models.CASCADE, related_name="notices"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("通知内容"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
