"""A learner's progress: the player's beacons, "I have finished", and the
"my learning" page. Only ever the signed-in learner's own rows."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.i18n import client_language
from core.pages import page_viewable_or_404
from core.validation import ASCII_DIGITS, id_from

from .. import credit_bank, interop, progress, records
from ..models import (
    ConversionRequest,
    ConversionRule,
    CoursePage,
    Favourite,
    LessonPage,
)

MAX_BEACON_BYTES = 20_000


def viewable_lesson(request: HttpRequest, lesson_id: int) -> LessonPage:
    return page_viewable_or_404(request=request, page_id=lesson_id, types=(LessonPage,))


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@require_POST
@client_language
def lesson_progress(request: HttpRequest, lesson_id: int) -> JsonResponse:
    if not request.user.is_authenticated:
        return _error(_("登录后才能记录学习进度。"), 401)
    try:
        lesson = viewable_lesson(request, lesson_id)
    except Http404:
        return _error(_("找不到这节微课，它可能已下线。"), 404)
    if len(request.body) > MAX_BEACON_BYTES:
        return _error(_("进度数据太大。"), 413)
    try:
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict) or not isinstance(data.get("ranges", []), list):
            raise ValueError("progress batch is not an object with a list of ranges")
        beacon = progress.Beacon(
            ranges=data.get("ranges") or [],
            position=data.get("position", 0),
            elapsed=data.get("elapsed", 0),
            view=data.get("view") or "",
        )
    except (ValueError, AttributeError):
        return _error(_("进度数据格式不对。"), 400)
    record = progress.record(request.user, lesson, beacon)
    return JsonResponse(
        {
            "position": record.position,
            "watched_seconds": round(record.watched_seconds, 1),
            "share": round(record.share, 3),
            "completed": record.completed_at is not None,
        }
    )


@login_required
@require_POST
def lesson_finished(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = viewable_lesson(request, lesson_id)
    try:
        progress.mark_finished(request.user, lesson)
    except progress.NotReadable:
        messages.error(request, _("有音视频的微课要看（听）完 90% 才算学完。"))
    else:
        messages.success(request, _("已记录：这节课学完了。"))
    return redirect(lesson.url)


@login_required
@require_POST
def lesson_quiz(request: HttpRequest, lesson_id: int, block_id: str) -> HttpResponse:
    lesson = viewable_lesson(request, lesson_id)
    try:
        chosen = [
            int(value)
            for value in request.POST.getlist("choice")[:6]
            if ASCII_DIGITS.fullmatch(value)
        ]
        correct = progress.answer_quiz(request.user, lesson, block_id, chosen)
    except progress.UnknownQuiz as error:
        raise Http404 from error
    except ValueError:
        correct = False
    if correct:
        messages.success(request, _("答对了！"))
    else:
        messages.error(request, _("还不对，再想想，或者点“看答案”。"))
    return redirect(f"{lesson.url}#quiz-{block_id}")


@login_required
@require_POST
def toggle_favourite(request: HttpRequest, page_id: int) -> HttpResponse:
    page = page_viewable_or_404(
        request=request, page_id=page_id, types=(CoursePage, LessonPage)
    )
    favourite, created = Favourite.objects.get_or_create(
        learner=request.user, page=page
    )
    if not created:
        favourite.delete()
    return redirect(page.url)


@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    rules = ConversionRule.objects.filter(active=True).order_by("name")
    return render(
        request,
        "resources/learning/mine.html",
        {
            "summary": records.summary(request.user),
            "accounts": records.accounts(request.user),
            "rules": [(rule, credit_bank.convertible(request.user, rule))
                      for rule in rules],
            "favourites": Favourite.objects.filter(learner=request.user)
            .select_related("page")[:50],
            "conversions": ConversionRequest.objects.filter(learner=request.user)
            .select_related("rule")[:20],
        },
    )  # fmt: skip


@login_required
@require_POST
def request_conversion(request: HttpRequest) -> HttpResponse:
    rule = ConversionRule.objects.filter(
        pk=id_from(request.POST.get("rule")), active=True
    ).first()
    try:
        amount = Decimal(request.POST.get("amount", "").strip())
        if rule is None:
            raise Http404
        credit_bank.request_conversion(request.user, rule, amount)
    except (InvalidOperation, ValueError):
        messages.error(request, _("请填写学分数，例如 1.5。"))
    except credit_bank.ConversionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("申请已提交，工作人员审核后学分会转过去。"))
    return redirect("my_learning")


@login_required
@require_GET
def my_record(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "resources/learning/record.html",
        {"entries": records.timeline(request.user)},
    )


@login_required
@require_GET
def my_record_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        records.as_json(request.user), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="learning-record.json"'
    return response


@login_required
@require_GET
def my_record_pdf(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        records.transcript_pdf(request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'inline; filename="learning-record.pdf"'
    return response


@login_required
@require_GET
def my_record_xapi(request: HttpRequest) -> JsonResponse:
    statements = interop.xapi_statements(
        request.user, site=request.build_absolute_uri("/")
    )
    response = JsonResponse(
        statements, safe=False, json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="xapi-statements.json"'
    return response
