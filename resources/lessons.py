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

from institutions.selectors import institution_collection
from media_pipeline import uploads
from media_pipeline.models import Caption, MediaAsset
from media_pipeline.selectors import pages_using
from media_pipeline.services import media_asset_enqueue

from .models import ContributorRole, CoursePage, LessonContributor, LessonPage
from .models.pages import body_media, outline_prompts_left
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
    draft.title = title
    draft.draft_title = title
    draft.save_revision(user=user, log_action=True)
    return draft


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


def course_draft_lessons(*, course: CoursePage) -> list[LessonPage]:
    """The course's lessons as their latest drafts, in syllabus order."""
    lessons = LessonPage.objects.child_of(course).order_by("path")
    return [lesson.get_latest_revision_as_object() for lesson in lessons]


def course_submit_problems(*, course: CoursePage) -> list[str]:
    """What must be fixed before the course can go to review."""
    draft = course.get_latest_revision_as_object()
    problems = [
        _("课程介绍里还有提示没改：%(prompt)s") % {"prompt": prompt}
        for prompt in outline_prompts_left(draft.body)
    ]
    lessons = course_draft_lessons(course=course)
    if not lessons:
        problems.append(_("这门课还没有微课，先添加至少一节。"))
    for lesson in lessons:
        asset = lesson_media(lesson)
        if asset is None:
            continue
        if asset.status == MediaAsset.Status.FAILED:
            problems.append(
                _("「%(title)s」的视频没能转码（%(reason)s），请删掉或换一个文件。")
                % {"title": lesson.title, "reason": asset.failure_message}
            )
        elif asset.status != MediaAsset.Status.READY:
            problems.append(
                _("「%(title)s」的视频还在处理（%(progress)s%%），请稍等再提交。")
                % {"title": lesson.title, "progress": asset.progress}
            )
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


def course_new_lessons_publish(*, course: CoursePage, user=None) -> list[LessonPage]:
    """Publish the course's never-published lessons whose media works.

    Called when the course is published (its review approved): the lessons
    a teacher added for this submission go live with it, in order. Lessons
    under review of their own, or with media still failing or processing,
    stay drafts.
    """
    published = []
    for lesson in LessonPage.objects.child_of(course).order_by("path"):
        if lesson.live or lesson.first_published_at or lesson.workflow_in_progress:
            continue
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
