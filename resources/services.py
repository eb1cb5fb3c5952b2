"""State changes for co-authoring and course requests.

Residents never get Wagtail admin access. Their lessons and suggestions become
draft revisions that enter the institution's moderation workflow; nothing a
resident does publishes anything.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState
from wagtail.rich_text import RichText

from institutions.models import INSTITUTION_PAGE_MODELS
from institutions.selectors import institution_collection
from media_pipeline.models import MediaAsset
from media_pipeline.services import media_asset_enqueue
from media_pipeline.uploads import upload_discard_on_commit

from .models import (
    Contribution,
    ContributorRole,
    CoursePage,
    CourseRequest,
    CourseRequestSupport,
    LessonContributor,
    LessonPage,
    Notification,
)


class ContributionError(Exception):
    """A resident's action that cannot go ahead; the message is for the resident."""


def display_name(user) -> str:
    return user.first_name or user.get_username()


def contribution_rate_check(*, user, now: datetime | None = None) -> None:
    """At most CONTRIBUTION_RATE_LIMIT submissions per user per clock hour."""
    hour = (now or timezone.now()).strftime("%Y%m%d%H")
    key = f"contributions:{user.pk}:{hour}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > settings.CONTRIBUTION_RATE_LIMIT:
        raise ContributionError(_("提交太频繁了，请一小时后再试。"))


def text_to_rich_text(text: str) -> RichText:
    """Residents write plain text: every line is escaped, never parsed as HTML."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return RichText("".join(f"<p>{escape(p)}</p>" for p in paragraphs))


def _media_asset(*, user, title: str, upload, parent: Page) -> MediaAsset:
    asset = MediaAsset(
        title=title[:120],
        file=upload,
        uploaded_by=user,
        collection=institution_collection(page=parent),
    )
    asset.full_clean()
    asset.save()
    upload_discard_on_commit(upload)
    media_asset_enqueue(asset)
    return asset


def _body(text: str, asset: MediaAsset | None) -> list:
    body = []
    if asset is not None:
        body.append((asset.kind, {"asset": asset, "caption": ""}))
    body.append(("text", text_to_rich_text(text)))
    return body


def _start_moderation(*, page: Page, user) -> WorkflowState:
    workflow = page.get_workflow()
    if workflow is None:
        raise ContributionError(_("这里暂时不接受投稿。"))
    return workflow.start(page, user)


def contribution_parent_check(parent: Page) -> Page:
    parent = parent.specific
    allowed = (CoursePage, *INSTITUTION_PAGE_MODELS)
    if not isinstance(parent, allowed) or not parent.live:
        raise ContributionError(_("只能在课程或社区教育机构下投稿。"))
    return parent


@transaction.atomic
def contribution_propose_lesson(
    *, user, parent: Page, title: str, summary: str, text: str, upload=None
) -> Contribution:
    """A resident proposes a new lesson: a draft page, credited, in moderation."""
    parent = contribution_parent_check(parent)
    contribution_rate_check(user=user)
    asset = (
        _media_asset(user=user, title=title, upload=upload, parent=parent)
        if upload
        else None
    )
    lesson = LessonPage(
        title=title,
        slug=f"lesson-{uuid.uuid4().hex[:10]}",
        summary=summary,
        body=_body(text, asset),
        live=False,
        owner=user,
    )
    lesson.contributors = [
        LessonContributor(
            user=user, name=display_name(user), role=ContributorRole.RESIDENT
        )
    ]
    parent.add_child(instance=lesson)
    lesson.save_revision(user=user, log_action=True)
    state = _start_moderation(page=lesson, user=user)
    return Contribution.objects.create(
        user=user, page=lesson, kind=Contribution.Kind.NEW_LESSON, workflow_state=state
    )


@transaction.atomic
def contribution_suggest_improvement(
    *, user, lesson: LessonPage, text: str, note: str = ""
) -> Contribution:
    """A resident's addition to a live lesson, as a new revision in moderation.

    The published lesson stays as it is until an editor approves; the editor
    may edit the suggestion before publishing it.
    """
    lesson = LessonPage.objects.live().get(pk=lesson.pk)
    if WorkflowState.objects.active().for_instance(lesson).exists():
        raise ContributionError(_("这节微课正在审核中，请稍后再提建议。"))
    contribution_rate_check(user=user)
    draft = lesson.get_latest_revision_as_object()
    draft.body.append(
        ("text", text_to_rich_text(f"{display_name(user)}补充：\n{text}"))
    )
    if not any(c.user_id == user.pk for c in draft.contributors.all()):
        draft.contributors.add(
            LessonContributor(
                user=user, name=display_name(user), role=ContributorRole.RESIDENT
            )
        )
    draft.save_revision(user=user, log_action=True)
    state = _start_moderation(page=draft, user=user)
    return Contribution.objects.create(
        user=user,
        page=lesson,
        kind=Contribution.Kind.IMPROVEMENT,
        note=note,
        workflow_state=state,
    )


@transaction.atomic
def contribution_revise(
    *, user, contribution: Contribution, title: str, summary: str, text: str
) -> Contribution:
    """Resubmit a proposed lesson after the editor asked for changes."""
    if contribution.user_id != user.pk:
        raise PermissionDenied
    if contribution.status != Contribution.Status.CHANGES_REQUESTED:
        raise ContributionError(_("只有“需要修改”的投稿可以修改后重新提交。"))
    if contribution.kind != Contribution.Kind.NEW_LESSON:
        raise ContributionError(_("改进建议请重新提交一条。"))
    contribution_rate_check(user=user)
    draft = contribution.page.specific.get_latest_revision_as_object()
    draft.title, draft.summary = title, summary
    media = [block for block in draft.body if block.block_type in ("video", "audio")]
    draft.body = [(b.block_type, b.value) for b in media] + [
        ("text", text_to_rich_text(text))
    ]
    draft.save_revision(user=user, log_action=True)
    contribution.workflow_state.resume(user=user)
    contribution.save(update_fields=["updated_at"])
    return contribution


def contribution_text(contribution: Contribution) -> str:
    """The resident's own text back from the latest draft, for the revise form."""
    draft = contribution.page.specific.get_latest_revision_as_object()
    lines = []
    for block in draft.body:
        if block.block_type == "text":
            html = block.value.source.replace("</p>", "\n")
            lines.append(strip_tags(html).strip())
    return "\n".join(lines)


@transaction.atomic
def course_request_create(
    *, user, institution: Page, title: str, description: str = "", topic=None
) -> CourseRequest:
    if not isinstance(institution.specific, INSTITUTION_PAGE_MODELS):
        raise ValidationError(_("请选择一个社区教育机构。"))
    contribution_rate_check(user=user)
    request = CourseRequest(
        title=title,
        description=description,
        topic=topic,
        institution=institution,
        requested_by=user,
    )
    request.full_clean()
    request.save()
    CourseRequestSupport.objects.create(request=request, user=user)
    return request


def course_request_support(*, user, request: CourseRequest) -> bool:
    """Add the user's support; False if they already support it."""
    _, created = CourseRequestSupport.objects.get_or_create(request=request, user=user)
    return created


@transaction.atomic
def course_request_answer(*, request: CourseRequest, course: CoursePage) -> int:
    """Link a course to a request and notify everyone who asked for it."""
    request = CourseRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == CourseRequest.Status.ANSWERED:
        raise ValidationError(_("这个点单已经有对应课程了。"))
    if not course.live:
        raise ValidationError(_("请选择已发布的课程。"))
    request.status = CourseRequest.Status.ANSWERED
    request.answered_with = course
    request.save(update_fields=["status", "answered_with"])
    message = _("您点单的“%(title)s”开课啦：%(course)s") % {
        "title": request.title,
        "course": course.title,
    }
    users = [support.user_id for support in request.supports.all()]
    Notification.objects.bulk_create(
        Notification(user_id=user_id, message=message[:200], url=course.url or "")
        for user_id in users
    )
    return len(users)


def notifications_mark_read(*, user: AbstractBaseUser) -> int:
    """Mark every unread notification of `user` read; how many there were."""
    return Notification.objects.filter(user=user, read=False).update(read=True)
