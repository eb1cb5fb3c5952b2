"""Course requests (订单式服务): residents ask, institutions answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("征集中")
        ANSWERED = "answered", _("已开课")

    title = models.CharField(_("想学什么"), max_length=60)
    description = models.TextField(_("具体说说"), max_length=500, blank=True)
    topic = models.ForeignKey(
        "resources.Topic",
        verbose_name=_("内容领域"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    institution = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("希望在哪里上课"),
        on_delete=models.CASCADE,
        related_name="course_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answered_with = models.ForeignKey(
        "resources.CoursePage",
        verbose_name=_("对应课程"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_requests",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("课程点单")
        verbose_name_plural = _("课程点单")

    def __str__(self) -> str:
        return self.title


class CourseRequestSupport(models.Model):
    """One resident backing one request ("我也想学"); the requester counts too."""

    request = models.ForeignKey(
        CourseRequest, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_support_each")
        ]


class Notification(models.Model):
    """A message for one resident, shown on their 我的 page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=200)
    url = models.CharField(max_length=300, blank=True)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
