"""One admin screen for a course's lessons: add many videos at once, rename,
caption, see each transcode, and send the course to review (resources.lessons).

The page and its JSON endpoints answer only people who may edit the course;
another school's course is a 404, as if it were not there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from media_pipeline import uploads
from media_pipeline.models import MediaAsset
from media_pipeline.services import media_asset_retryable

from .. import lessons
from ..models import CoursePage, LessonPage


def _course(request: HttpRequest, course_id: int) -> CoursePage:
    course = get_object_or_404(CoursePage, pk=course_id)
    if not course.permissions_for_user(request.user).can_edit():
        raise Http404
    return course


def _lesson(course: CoursePage, lesson_id: int) -> LessonPage:
    return get_object_or_404(LessonPage.objects.child_of(course), pk=lesson_id)


def _row(request: HttpRequest, course: CoursePage, lesson: LessonPage) -> dict:
    draft = lesson.get_latest_revision_as_object() if lesson.pk else lesson
    asset = lessons.lesson_media(draft)
    return {
        "id": lesson.pk,
        "title": draft.title,
        "status": asset.status if asset else "",
        "progress": asset.progress if asset else 100,
        "message": _status_text(asset),
        "retry": bool(asset and media_asset_retryable(asset)),
        "html": render_to_string(
            "resources/staff/course_lesson_row.html",
            {"course": course, "lesson": draft, "asset": asset,
             "message": _status_text(asset),
             "retry": bool(asset and media_asset_retryable(asset)),
             "can_delete": not lesson.first_published_at
             and not course.workflow_in_progress
             and lesson.permissions_for_user(request.user).can_delete()},
            request=request,
        ),
    }  # fmt: skip


def _clock(seconds: float) -> str:
    """20.4 → 0:20, 3725 → 1:02:05: what a phone's gallery shows."""
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def _status_text(asset: MediaAsset | None) -> str:
    if asset is None:
        return _("没有视频")
    if asset.status == MediaAsset.Status.READY:
        if asset.duration:
            return _("可以播放 · 时长 %(clock)s") % {"clock": _clock(asset.duration)}
        return _("可以播放")
    if asset.status == MediaAsset.Status.FAILED:
        return _("处理失败：%(reason)s") % {"reason": asset.failure_message}
    if asset.status == MediaAsset.Status.PROCESSING and asset.progress:
        return _("正在转码，已完成 %(progress)s%%") % {"progress": asset.progress}
    if media_asset_retryable(asset):
        return _("处理好像停住了，可以点“重新处理”。")
    return _("已收到视频，正在排队处理…")


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@require_GET
def course_lessons(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    rows = [
        _row(request, course, lesson)
        for lesson in LessonPage.objects.child_of(course).order_by("path")
    ]
    return render(
        request,
        "resources/staff/course_lessons.html",
        {
            "course": course.get_latest_revision_as_object(),
            "rows": rows,
            "in_review": course.workflow_in_progress,
            "upload_endpoint": reverse("media_upload_collection"),
            "limit": uploads.upload_limit_for(request.user),
        },
    )


@require_POST
def course_lesson_add(request: HttpRequest, course_id: int) -> JsonResponse:
    course = _course(request, course_id)
    token = str(request.POST.get("upload", "")).strip()[:64]
    if not token:
        return _error(_("没有收到文件，请重新选择。"))
    try:
        lesson = lessons.lesson_create_from_upload(
            user=request.user, course=course, upload_id=token
        )
    except lessons.LessonError as error:
        return _error(str(error))
    except PermissionDenied:
        return _error(_("你没有权限给这门课添加微课。"), 403)
    return JsonResponse(_row(request, course, lesson), status=201)


@require_POST
def course_lesson_update(
    request: HttpRequest, course_id: int, lesson_id: int
) -> JsonResponse:
    course = _course(request, course_id)
    lesson = _lesson(course, lesson_id)
    try:
        if "title" in request.POST:
            lessons.lesson_rename(
                user=request.user, lesson=lesson, title=request.POST["title"]
            )
        if "captions" in request.FILES:
            lessons.lesson_caption_add(
                user=request.user, lesson=lesson, upload=request.FILES["captions"]
            )
    except lessons.LessonError as error:
        return _error(str(error))
    except PermissionDenied:
        return _error(_("你没有权限修改这节微课。"), 403)
    return JsonResponse(_row(request, course, _lesson(course, lesson_id)))


def _done(request: HttpRequest, course: CoursePage, payload: dict, message: str):
    """JSON for the screen's script; without script, back to the screen."""
    if request.headers.get("X-Requested-With") == "fetch":
        return JsonResponse(payload)
    messages.success(request, message)
    return redirect("course_lessons", course_id=course.pk)


def _refused(request: HttpRequest, course: CoursePage, message: str, status: int):
    if request.headers.get("X-Requested-With") == "fetch":
        return _error(message, status)
    messages.error(request, message)
    return redirect("course_lessons", course_id=course.pk)


def _attempt(request: HttpRequest, course: CoursePage, step, *, forbidden: str):
    """Run one lesson step; a refusal answers the way the request came."""
    try:
        step()
    except lessons.LessonError as error:
        return _refused(request, course, str(error), 400)
    except PermissionDenied:
        return _refused(request, course, forbidden, 403)
    return None


@require_POST
def course_lesson_retry(
    request: HttpRequest, course_id: int, lesson_id: int
) -> HttpResponse:
    course = _course(request, course_id)
    lesson = _lesson(course, lesson_id)
    refused = _attempt(
        request,
        course,
        lambda: lessons.lesson_media_retry(user=request.user, lesson=lesson),
        forbidden=_("你没有权限修改这节微课。"),
    )
    if refused:
        return refused
    return _done(
        request, course, _row(request, course, lesson), _("视频已重新开始处理。")
    )


@require_POST
def course_lesson_delete(
    request: HttpRequest, course_id: int, lesson_id: int
) -> HttpResponse:
    course = _course(request, course_id)
    lesson = _lesson(course, lesson_id)
    title = lesson.get_latest_revision_as_object().title
    refused = _attempt(
        request,
        course,
        lambda: lessons.lesson_discard(user=request.user, lesson=lesson),
        forbidden=_("你没有权限删除这节微课。"),
    )
    if refused:
        return refused
    return _done(
        request,
        course,
        {"id": lesson_id, "deleted": True},
        _("已删除「%(title)s」。") % {"title": title},
    )


@require_GET
def course_lessons_status(request: HttpRequest, course_id: int) -> JsonResponse:
    course = _course(request, course_id)
    rows = [
        {k: v for k, v in _row(request, course, lesson).items() if k != "html"}
        for lesson in LessonPage.objects.child_of(course).order_by("path")
    ]
    return JsonResponse({"lessons": rows, "problems": lessons.course_submit_problems(
        course=course)})  # fmt: skip


@require_POST
def course_submit(request: HttpRequest, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    try:
        lessons.course_submit(user=request.user, course=course)
    except lessons.LessonError as error:
        messages.error(request, str(error))
    except PermissionDenied:
        messages.error(request, _("你没有权限提交这门课。"))
    else:
        messages.success(
            request,
            _("「%(title)s」和它的微课已经提交审核，审核通过后会一起发布。")
            % {"title": course.title},
        )
    return redirect("course_lessons", course_id=course.pk)
