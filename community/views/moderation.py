"""Editors' side of residents' contributions, in the Wagtail admin: comments
to approve, learning-star nominations to review, learning groups to hide.
Each editor sees only what belongs to the institutions they serve."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.validation import id_from
from institutions.selectors import institution_scope

from .. import feedback, groups, stories
from ..models import Comment, LearningGroup, StarNomination
from ..selectors import comments_for_staff


def comment_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Comment.Status.PENDING)
    if status not in Comment.Status.values:
        status = Comment.Status.PENDING
    scope = comments_for_staff(request.user)
    if request.method == "POST":
        held = get_object_or_404(scope, pk=id_from(request.POST.get("comment")))
        approve = request.POST.get("decision") == "approve"
        feedback.moderate(held, staff=request.user, approve=approve)
        messages.success(request, _("已显示。") if approve else _("已隐藏。"))
        return redirect(f"{request.path}?status={status}")
    rows = scope.filter(status=status).order_by("-report_count", "created_at")
    return render(
        request,
        "community/staff/comments.html",
        {"page": Paginator(rows, 50).get_page(request.GET.get("p")),
         "status": status, "statuses": Comment.Status.choices},
    )  # fmt: skip


def nomination_queue(request: HttpRequest) -> HttpResponse:
    scope = institution_scope(
        queryset=StarNomination.objects.select_related("place", "story_page"),
        user=request.user,
        path_field="place__path",
    )
    if request.method == "POST":
        held = get_object_or_404(
            scope.filter(status=StarNomination.Status.PENDING),
            pk=id_from(request.POST.get("nomination")),
        )
        if request.POST.get("decision") == "accept":
            page = stories.accept(held, staff=request.user)
            messages.success(request, _("已生成事迹页草稿，请补充照片后发布。"))
            return redirect("wagtailadmin_pages:edit", page.pk)
        stories.decline(held, staff=request.user, note=request.POST.get("note", ""))
        messages.success(request, _("已标记为未采用。"))
        return redirect(request.path)
    return render(
        request,
        "community/staff/nominations.html",
        {"pending": scope.filter(status=StarNomination.Status.PENDING),
         "reviewed": scope.exclude(status=StarNomination.Status.PENDING)[:30]},
    )  # fmt: skip


def group_list(request: HttpRequest) -> HttpResponse:
    scope = institution_scope(
        queryset=LearningGroup.objects.select_related("area", "created_by"),
        user=request.user,
        path_field="area__path",
    )
    if request.method == "POST":
        held = get_object_or_404(scope, pk=id_from(request.POST.get("group")))
        try:
            if request.POST.get("decision") == "hide":
                groups.hide(held, reason=request.POST.get("reason", ""))
                messages.success(request, _("已隐藏，组织者会收到通知。"))
            else:
                groups.show(held)
                messages.success(request, _("已恢复显示。"))
        except groups.GroupError as error:
            messages.error(request, str(error))
        return redirect(request.path)
    return render(
        request,
        "community/staff/groups.html",
        {"page": Paginator(scope, 50).get_page(request.GET.get("p"))},
    )
