"""What residents say about lessons and courses, and whom they nominate.

Ratings are one per resident and page (a second rating replaces the first).
Comments are hidden until an editor approves them; reports send an approved
comment back for review once enough residents flag it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STARS = [MinValueValidator(1), MaxValueValidator(5)]


class Rating(models.Model):
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="ratings"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings"
    )
    stars = models.PositiveSmallIntegerField(_("评分"), validators=STARS)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("评分")
        verbose_name_plural = _("评分")
        constraints = [
            models.UniqueConstraint(fields=["page", "learner"], name="one_rating_each"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="stars_1_to_5"
            ),
        ]


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已显示")
        REJECTED = "rejected", _("未通过")

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="comments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(_("留言"), max_length=500)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("留言时间"), default=timezone.now)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        indexes = [models.Index(fields=["page", "status"])]

    def __str__(self) -> str:
        return self.body[:30]


class CommentReport(models.Model):
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("举报理由"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_report_each"
            )
        ]


class CourseSurvey(models.Model):
    """The short satisfaction survey offered once a course is completed."""

    course = models.ForeignKey(
        "resources.CoursePage", on_delete=models.CASCADE, related_name="surveys"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="surveys"
    )
    satisfaction = models.PositiveSmallIntegerField(_("总体满意度"), validators=STARS)
    usefulness = models.PositiveSmallIntegerField(
        _("对生活、工作有帮助"), validators=STARS
    )
    recommend = models.BooleanField(_("愿意推荐给邻居"))
    suggestion = models.TextField(_("意见和建议"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("课程满意度调查")
        verbose_name_plural = _("课程满意度调查")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "learner"], name="one_survey_each"
            ),
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5)
                & models.Q(usefulness__gte=1, usefulness__lte=5),
                name="survey_scores_1_to_5",
            ),
        ]
