"""Residents' contributions: proposed lessons and suggested improvements.

The page and its revisions live in Wagtail as usual; this row remembers who
contributed what, and which moderation run decides it, so the resident can
follow the outcome without ever entering the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from media_pipeline.models import MediaAsset

MEDIA = ("video", "audio")


class Contribution(models.Model):
    class Kind(models.TextChoices):
        NEW_LESSON = "new_lesson", _("新微课")
        IMPROVEMENT = "improvement", _("改进建议")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已提交，等待审核")
        FILE_REFUSED = "file_refused", _("文件没能用上，请换一个文件")
        CHANGES_REQUESTED = "changes_requested", _("需要修改")
        PUBLISHED = "published", _("已发布")
        REJECTED = "rejected", _("未采纳")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contributions"
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="contributions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.TextField(_("给编辑的话"), blank=True, max_length=500)
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("居民投稿")
        verbose_name_plural = _("居民投稿")

    def __str__(self) -> str:
        return f"{self.user} · {self.page.title}"

    @property
    def status(self) -> str:
        state = self.workflow_state
        if state is None or state.status == WorkflowState.STATUS_CANCELLED:
            return self.Status.REJECTED
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return self.Status.CHANGES_REQUESTED
        if state.status == WorkflowState.STATUS_APPROVED:
            return self.Status.PUBLISHED
        if self.media_problem:
            return self.Status.FILE_REFUSED
        return self.Status.SUBMITTED

    @cached_property
    def media_problem(self) -> str:
        """Why the video or audio the resident sent could not be used, in
        their words; "" while it is fine or still being processed."""
        draft = self.page.get_latest_revision_as_object()
        for block in getattr(draft, "body", None) or []:
            asset = block.value.get("asset") if block.block_type in MEDIA else None
            if asset is not None and asset.status == MediaAsset.Status.FAILED:
                return asset.failure_message
        return ""

    @property
    def status_label(self) -> str:
        return self.Status(self.status).label

    @property
    def editor_comment(self) -> str:
        """The reviewer's comment from the latest decision, if any."""
        if self.workflow_state is None:
            return ""
        decided = (
            TaskState.objects.filter(workflow_state=self.workflow_state)
            .exclude(status=TaskState.STATUS_IN_PROGRESS)
            .order_by("-finished_at", "-pk")
            .first()
        )
        return decided.get_comment() if decided else ""
