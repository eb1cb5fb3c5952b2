"""The fast path from a phone's camera roll to a course in review.

A teacher drops several videos on her course: each becomes a draft lesson
(titled from its file name, its video transcoding, its length filled in once
probed), she may rename them and add captions on the same screen, and she
sends the whole course to review in one step. The course's approval then
publishes its new lessons with it, in syllabus order.
"""

from __future__ import annotations

import math
import re
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import WorkflowState
from wagtail.search import index

from core.pagecache import tags_purge
from institutions.selectors import institution_collection
from media_pipeline import uploads
from media_pipeline.models import Caption, MediaAsset
from media_pipeline.selectors import pages_using
from media_pipeline.services import (
    media_asset_enqueue,
    media_asset_retry,
    media_asset_retryable,
)

from .models import ContributorRole, CoursePage, LessonContributor, LessonPage
from .models.pages import (
    body_media,
    course_lesson_media_problems,
    outline_prompts_left,
)
from .services import display_name


class LessonError(Exception):
    """Something the teacher can fix, said in her words."""


def title_from_filename(filename: str) -> str:
    """太极拳第一式_2026-11-30.mp4 → 太极拳第一式 2026 11 30."""
    stem = PurePosixPath(filename.replace("\\", "/")).stem
    title = " ".join(re.sub(r"[_\-.]+", " ", stem).split())
    return title[:60] or _("新微课")


def _editable(*, user, page) -> None:
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied


def lesson_media(lesson: LessonPage) -> MediaAsset | None:
    """The lesson's (first) video or recording."""
    return next(iter(body_media(lesson.body)), None)


@transaction.atomic
def lesson_create_from_upload(
    *, user, course: CoursePage, upload_id: str
) -> LessonPage:
    """A draft lesson holding the finished upload as its video (or audio)."""
    if not course.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    if course.workflow_in_progress:
        # The reviewer approves what they saw; a lesson added now would go
        # live with the course unseen.
        raise LessonError(_("这门课正在审核中，审核结束后再添加微课。"))
    try:
        upload = uploads.upload_open(upload_id=upload_id, user=user)
    except uploads.UploadError as error:
        raise LessonError(str(error)) from error
    title = title_from_filename(upload.name)
    asset = MediaAsset(
        title=title,
        file=upload,
        uploaded_by=user,
        collection=institution_collection(page=course),
    )
    try:
        asset.full_clean()
    except ValidationError as error:
        raise LessonError(" ".join(error.messages)) from error
    asset.save()
    uploads.upload_discard_on_commit(upload)
    media_asset_enqueue(asset)
    lesson = LessonPage(
        title=title,
        slug=f"lesson-{uuid.uuid4().hex[:10]}",
        summary=title,
        duration_minutes=1,
        body=[(asset.kind, {"asset": asset, "caption": ""})],
        live=False,
        owner=user,
    )
    lesson.contributors = [
        LessonContributor(user=user, name=display_name(user), role=ContributorRole.LEAD)
    ]
    course.add_child(instance=lesson)
    lesson.save_revision(user=user, log_action=True)
    return lesson


def lesson_rename(*, user, lesson: LessonPage, title: str) -> LessonPage:
    _editable(user=user, page=lesson)
    title = " ".join(str(title).split())
    if not title:
        raise LessonError(_("微课标题不能为空。"))
    if len(title) > 120:
        raise LessonError(_("微课标题最多 120 个字。"))
    draft = lesson.get_latest_revision_as_object()
    asset = lesson_media(draft)
    if asset is not None and asset.title == draft.title:
        # The clip was named after the file too: residents read its name
        # under the player, editors in the media list.
        MediaAsset.objects.filter(pk=asset.pk).update(title=title)
        tags_purge(tags=("pages",))
    if draft.summary == draft.title:
        # The summary was only ever the file name: it follows the new title.
        draft.summary = title
    draft.title = title
    draft.draft_title = title
    draft.save_revision(user=user, log_action=True)
    if not lesson.live:
        # Admin search and choosers read the row, not the draft: a lesson
        # nobody has seen yet takes its new name at once.
        LessonPage.objects.filter(pk=lesson.pk).update(title=title, draft_title=title)
        index.insert_or_update_object(LessonPage.objects.get(pk=lesson.pk))
    return draft


def lesson_media_retry(*, user, lesson: LessonPage) -> MediaAsset:
    """Process the lesson's video again after a transient failure or lost job."""
    _editable(user=user, page=lesson)
    asset = lesson_media(lesson.get_latest_revision_as_object())
    if asset is None or not media_asset_retryable(asset):
        raise LessonError(
            _(
                "这个视频不需要重新处理。如果文件本身有问题，请删掉这节微课再换一个文件。"
            )
        )
    return media_asset_retry(asset=asset)


@transaction.atomic
def lesson_discard(*, user, lesson: LessonPage) -> None:
    """Remove a lesson that never went live, and its video if nothing else uses it.

    Only for the teacher's drafts: a published lesson is unpublished or
    deleted through the page's own screens, where its history is shown.
    """
    if lesson.live or lesson.first_published_at:
        raise LessonError(_("这节微课已经发布过，请在微课页面里取消发布或删除。"))
    if not lesson.permissions_for_user(user).can_delete():
        raise PermissionDenied
    course = lesson.get_parent().specific
    if course.workflow_in_progress:
        raise LessonError(_("这门课正在审核中，审核结束后再删除微课。"))
    asset = lesson_media(lesson.get_latest_revision_as_object())
    lesson.delete()
    if asset is not None and not pages_using(asset=asset).exists():
        asset.delete()


@transaction.atomic
def lesson_caption_add(*, user, lesson: LessonPage, upload) -> Caption:
    """Chinese captions (SRT or VTT) for the lesson's video; replaces old ones."""
    _editable(user=user, page=lesson)
    asset = lesson_media(lesson.get_latest_revision_as_object())
    if asset is None:
        raise LessonError(_("这节微课还没有视频，不能加字幕。"))
    Caption.objects.filter(asset=asset, language=Caption.Language.CHINESE).delete()
    caption = Caption(asset=asset, language=Caption.Language.CHINESE, file=upload)
    try:
        caption.full_clean(exclude=["sort_order"])
    except ValidationError as error:
        raise LessonError(" ".join(error.messages)) from error
    caption.save()
    return caption


def course_submit_problems(*, course: CoursePage) -> list[str]:
    """What must be fixed before the course can go to review."""
    draft = course.get_latest_revision_as_object()
    problems = [
        _("课程介绍里还有提示没改：%(prompt)s") % {"prompt": prompt}
        for prompt in outline_prompts_left(draft.body)
    ]
    if not LessonPage.objects.child_of(course).exists():
        problems.append(_("这门课还没有微课，先添加至少一节。"))
    problems.extend(course_lesson_media_problems(course=course))
    return problems


@transaction.atomic
def course_submit(*, user, course: CoursePage) -> WorkflowState:
    """Send the course, with its new lessons, to review as one submission."""
    _editable(user=user, page=course)
    course = CoursePage.objects.select_for_update().get(pk=course.pk)
    if course.workflow_in_progress:
        raise LessonError(_("这门课已经在审核中了，请等审核结果。"))
    problems = course_submit_problems(course=course)
    if problems:
        raise LessonError(" ".join(problems))
    workflow = course.get_workflow()
    if workflow is None:
        raise LessonError(_("这门课所在的机构还没有审核流程，请联系管理员。"))
    if course.get_latest_revision() is None:
        course.save_revision(user=user)
    return workflow.start(course, user)


def course_submitted_at(*, course: CoursePage):
    """When the course's latest review began, or None if it never went."""
    state = WorkflowState.objects.for_instance(course).order_by("-created_at").first()
    return state.created_at if state else None


def course_lessons_unpublished(*, course: CoursePage) -> list[LessonPage]:
    """Lessons still drafts once the course is live (said in the approval)."""
    return list(LessonPage.objects.child_of(course).filter(live=False))


def course_new_lessons_publish(*, course: CoursePage, user=None) -> list[LessonPage]:
    """Publish the course's never-published lessons whose media works.

    Called when the course is published (its review approved): the lessons
    a teacher added for this submission go live with it, in order. Lessons
    under review of their own, or with media still failing or processing,
    stay drafts.
    """
    published = []
    submitted = course_submitted_at(course=course)
    for lesson in LessonPage.objects.child_of(course).order_by("path"):
        if lesson.live or lesson.first_published_at or lesson.workflow_in_progress:
            continue
        first = lesson.revisions.order_by("created_at").first()
        if submitted and first and first.created_at > submitted:
            continue  # added after the course went to review: nobody saw it
        draft = lesson.get_latest_revision_as_object()
        asset = lesson_media(draft)
        if asset is not None and asset.status != MediaAsset.Status.READY:
            continue
        lesson.get_latest_revision().publish(user=user)
        published.append(lesson)
    return published


def lesson_duration_from_media(*, asset: MediaAsset) -> list[LessonPage]:
    """Draft lessons showing `asset` get their length from the probed media."""
    if not asset.duration:
        return []
    minutes = max(1, math.ceil(asset.duration / 60))
    changed = []
    using = pages_using(asset=asset).filter(live=False).values("pk")
    for lesson in LessonPage.objects.filter(pk__in=using):
        if lesson.workflow_in_progress:
            continue
        draft = lesson.get_latest_revision_as_object()
        media = lesson_media(draft)
        if media is None or media.pk != asset.pk or draft.duration_minutes == minutes:
            continue
        draft.duration_minutes = minutes
        draft.save_revision(log_action=False)
        changed.append(draft)
    return changed
