"""What each learner has watched, listened to or read, and finished."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LessonProgress(models.Model):
    """How much of one lesson one learner has taken in, and where to resume.

    Watched time is kept as merged intervals of the media timeline, so a part
    watched twice, or a batch resent after a dropped connection, counts once.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_progress",
    )
    lesson = models.ForeignKey(
        "resources.LessonPage", on_delete=models.CASCADE, related_name="+"
    )
    position = models.FloatField(_("上次看到（秒）"), default=0)
    watched = models.JSONField(default=list)  # [[start, end], …], merged, sorted
    watched_seconds = models.FloatField(_("已看（秒）"), default=0)
    claimed_seconds = models.FloatField(default=0)  # playing time the player reported
    duration = models.FloatField(_("时长（秒）"), default=0)
    quiz_passed = models.JSONField(default=list)  # ids of quiz blocks answered right
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "lesson"], name="one_progress_per_lesson"
            )
        ]
        verbose_name = _("学习进度")
        verbose_name_plural = _("学习进度")

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.lesson_id}"

    @property
    def share(self) -> float:
        return min(1.0, self.watched_seconds / self.duration) if self.duration else 0.0


class CourseCompletion(models.Model):
    """A learner finished every required lesson of a course."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_completions",
    )
    course = models.ForeignKey(
        "resources.CoursePage", on_delete=models.CASCADE, related_name="+"
    )
    completed_at = models.DateTimeField(
        _("完成时间"), default=timezone.now, editable=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"], name="one_completion_per_course"
            )
        ]
        verbose_name = _("课程完成记录")
        verbose_name_plural = _("课程完成记录")

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.course_id}"


class Favourite(models.Model):
    """A course or lesson a learner keeps to come back to."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favourites"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "page"], name="one_favourite")
        ]
        verbose_name = _("收藏")
        verbose_name_plural = _("收藏")

    def __str__(self) -> str:
        return f"{self.learner_id} · {self.page_id}"
