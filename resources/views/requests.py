"""Course requests (订单式服务) on the public site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page

from .. import services
from ..forms import CourseRequestForm
from ..models import CourseRequest


def course_requests(request: HttpRequest) -> HttpResponse:
    form = CourseRequestForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if form.is_valid():
            institution = get_object_or_404(
                Page.objects.live().public(), pk=form.cleaned_data["institution"]
            )
            try:
                services.course_request_create(
                    user=request.user,
                    institution=institution,
                    title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                    topic=form.cleaned_data["topic"],
                )
            except (services.ContributionError, ValidationError) as error:
                form.add_error(
                    None,
                    error.messages[0] if hasattr(error, "messages") else str(error),
                )
            else:
                messages.success(request, _("点单成功！更多居民支持，开课会更快。"))
                return redirect("course_requests")
    requests = (
        CourseRequest.objects.select_related("institution", "topic", "answered_with")
        .annotate(support_count=Count("supports"))
        .order_by("status", "-support_count", "-created_at")[:50]
    )
    supported = set()
    if request.user.is_authenticated:
        supported = set(
            CourseRequest.objects.filter(supports__user=request.user).values_list(
                "pk", flat=True
            )
        )
    return render(
        request,
        "resources/requests/list.html",
        {"form": form, "requests": requests, "supported": supported},
    )


@login_required
@require_POST
def support_request(request: HttpRequest, pk: int) -> HttpResponse:
    course_request = get_object_or_404(
        CourseRequest, pk=pk, status=CourseRequest.Status.OPEN
    )
    if services.course_request_support(user=request.user, request=course_request):
        messages.success(
            request, _("已支持“%(title)s”。") % {"title": course_request.title}
        )
    return redirect("course_requests")
