"""Lessons follow their media and their course."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.signals import page_published, workflow_approved, workflow_rejected

from media_pipeline.signals import asset_ready

from .lessons import (
    course_lessons_unpublished,
    course_new_lessons_publish,
    lesson_duration_from_media,
)
from .models import CoursePage, Notification


@receiver(asset_ready, dispatch_uid="resources_lesson_duration")
def lesson_duration(sender, *, asset, **kwargs) -> None:
    lesson_duration_from_media(asset=asset)


@receiver(page_published, sender=CoursePage, dispatch_uid="resources_course_lessons")
def course_lessons_go_live(sender, *, instance, **kwargs) -> None:
    course_new_lessons_publish(course=instance)


def _tell_requester(state, message: str) -> None:
    user = state.requested_by
    page = getattr(state.content_object, "specific", state.content_object)
    if user is None or not hasattr(page, "get_url"):
        return
    if user.has_perm("wagtailadmin.access_admin"):
        # A course goes back to its lessons screen, where it is fixed and resent.
        name = "course_lessons" if isinstance(page, CoursePage) else None
        url = (
            reverse(name, args=[page.pk])
            if name
            else reverse("wagtailadmin_pages:edit", args=[page.pk])
        )
    else:
        url = page.get_url() if page.live else reverse("my_contributions")
    Notification.objects.create(user=user, message=message[:200], url=url or "")


def _last_comment(state) -> str:
    task_state = state.task_states.order_by("-finished_at", "-pk").first()
    return (task_state.comment or "").strip() if task_state else ""


@receiver(workflow_approved, dispatch_uid="resources_tell_approved")
def tell_approved(sender, *, instance, user=None, **kwargs) -> None:
    page = getattr(instance.content_object, "specific", instance.content_object)
    title = page.get_admin_display_title()
    message = _("「%(title)s」已通过审核并发布。") % {"title": title}
    left = (
        course_lessons_unpublished(course=page) if isinstance(page, CoursePage) else []
    )
    comment = _last_comment(instance)
    if comment:
        message += _("编辑留言：%(comment)s") % {"comment": comment}
    if left:
        message += _(
            "另有 %(n)s 节微课还没发布（视频还在处理、另有审核，或是送审后才加的），"
            "请到「添加微课」查看后再提交。"
        ) % {"n": len(left)}
    _tell_requester(instance, message)


@receiver(workflow_rejected, dispatch_uid="resources_tell_rejected")
def tell_rejected(sender, *, instance, user=None, **kwargs) -> None:
    title = instance.content_object.get_admin_display_title()
    task_state = instance.current_task_state
    comment = (task_state.comment if task_state else "") or _(
        "请按编辑的意见修改后再提交。"
    )
    _tell_requester(
        instance,
        _("「%(title)s」需要修改：%(comment)s") % {"title": title, "comment": comment},
    )
