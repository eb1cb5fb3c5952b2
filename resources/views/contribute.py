"""Resident co-authoring on the public site."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.pages import page_viewable_or_404
from media_pipeline.uploads import CheckedMediaUploadHandler

from .. import services
from ..forms import ImproveLessonForm, ProposeLessonForm, ReviseLessonForm
from ..models import Contribution, CourseRequest, LessonPage, Notification


@csrf_exempt  # checked below, once the upload handler is in place
@login_required
@require_http_methods(["GET", "POST"])
def propose_lesson(request: HttpRequest, parent_id: int) -> HttpResponse:
    if not hasattr(request, "_files"):  # small forms were read, in memory, already
        request.upload_handlers = [
            CheckedMediaUploadHandler(
                request, fields=("media",), limit=settings.RESIDENT_UPLOAD_MAX_SIZE
            )
        ]
    return _propose_lesson(request, parent_id)


@csrf_protect
def _propose_lesson(request: HttpRequest, parent_id: int) -> HttpResponse:
    parent = page_viewable_or_404(request=request, page_id=parent_id)
    try:
        services.contribution_parent_check(parent)
    except services.ContributionError as error:
        raise Http404 from error
    form = ProposeLessonForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        refused=getattr(request, "refused_uploads", {}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_propose_lesson(
                user=request.user,
                parent=parent,
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                text=form.cleaned_data["text"],
                upload=form.cleaned_data.get("media"),
            )
        except services.ContributionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("投稿成功！编辑审核后会在这里通知您。"))
            return redirect("my_contributions")
    # The form's `media` field shadows `form.media` in templates.
    context = {"form": form, "parent": parent, "form_assets": form.media}
    return render(request, "resources/contribute/propose.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def improve_lesson(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = page_viewable_or_404(
        request=request, page_id=lesson_id, types=(LessonPage,)
    )
    form = ImproveLessonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_suggest_improvement(
                user=request.user, lesson=lesson, **form.cleaned_data
            )
        except services.ContributionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("谢谢您的建议！编辑审核后会在这里通知您。"))
            return redirect("my_contributions")
    return render(
        request, "resources/contribute/improve.html", {"form": form, "lesson": lesson}
    )


@login_required
@require_http_methods(["GET", "POST"])
def revise_contribution(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = get_object_or_404(
        Contribution.objects.filter(user=request.user), pk=pk
    )
    if contribution.status != Contribution.Status.CHANGES_REQUESTED:
        messages.info(request, _("这条投稿现在不需要修改。"))
        return redirect("my_contributions")
    draft = contribution.page.specific.get_latest_revision_as_object()
    initial = {
        "title": draft.title,
        "summary": draft.summary,
        "text": services.contribution_text(contribution),
    }
    form = ReviseLessonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_revise(
                user=request.user, contribution=contribution, **form.cleaned_data
            )
        except services.ContributionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已重新提交，请等待编辑审核。"))
            return redirect("my_contributions")
    return render(
        request,
        "resources/contribute/revise.html",
        {"form": form, "contribution": contribution},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    services.notifications_mark_read(user=request.user)
    return redirect("my_contributions")


@login_required
@require_GET
def my_contributions(request: HttpRequest) -> HttpResponse:
    notifications = list(Notification.objects.filter(user=request.user)[:20])
    return render(
        request,
        "resources/contribute/mine.html",
        {
            "contributions": Contribution.objects.filter(user=request.user)
            .select_related("page", "workflow_state")
            .order_by("-created_at"),
            "notifications": notifications,
            "unread": any(not note.read for note in notifications),
            "my_requests": CourseRequest.objects.filter(supports__user=request.user)
            .select_related("answered_with", "institution")
            .distinct(),
        },
    )
