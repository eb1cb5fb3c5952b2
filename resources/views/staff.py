"""Learner records for staff in the Wagtail admin, limited to the learners of
the institutions each staff member serves (`learners_for_staff`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import credit_bank, records
from ..models import ConversionRequest
from ..selectors import learners_for_staff


def learner_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:50]
    learners = learners_for_staff(user=request.user).annotate(
        courses_done=Count("course_completions", distinct=True),
        credits=Sum("credit_entries__amount"),
    )
    if query:
        learners = learners.filter(
            Q(first_name__icontains=query) | Q(username__icontains=query)
        )
    page = Paginator(learners.order_by("username"), 50).get_page(request.GET.get("p"))
    return render(
        request, "resources/staff/learners.html", {"page": page, "query": query}
    )


def _learner(request: HttpRequest, user_id: int):
    return get_object_or_404(learners_for_staff(user=request.user), pk=user_id)


def learner_record(request: HttpRequest, user_id: int) -> HttpResponse:
    learner = _learner(request, user_id)
    return render(
        request,
        "resources/staff/record.html",
        {"learner": learner, "entries": records.timeline(learner),
         "summary": records.summary(learner)},
    )  # fmt: skip


def learner_record_json(request: HttpRequest, user_id: int) -> JsonResponse:
    return JsonResponse(
        records.as_json(_learner(request, user_id)),
        json_dumps_params={"ensure_ascii": False},
    )


def learner_record_pdf(request: HttpRequest, user_id: int) -> HttpResponse:
    learner = _learner(request, user_id)
    response = HttpResponse(
        records.transcript_pdf(learner), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="record-{learner.pk}.pdf"'
    return response


def conversion_requests(request: HttpRequest) -> HttpResponse:
    """Pending conversions of the staff member's learners, to approve or refuse."""
    learners = learners_for_staff(user=request.user)
    pending = ConversionRequest.objects.filter(
        learner__in=learners, status=ConversionRequest.Status.PENDING
    ).select_related("learner", "rule")
    if request.method == "POST":
        conversion = get_object_or_404(pending, pk=request.POST.get("request") or 0)
        try:
            if request.POST.get("decision") == "approve":
                credit_bank.approve_conversion(conversion, staff=request.user)
                messages.success(request, _("已批准，学分已转换。"))
            else:
                credit_bank.reject_conversion(
                    conversion, staff=request.user, note=request.POST.get("note", "")
                )
                messages.success(request, _("已退回申请。"))
        except credit_bank.ConversionError as error:
            messages.error(request, str(error))
        return redirect("staff_conversions")
    rows = [
        (item, credit_bank.convertible(item.learner, item.rule)) for item in pending
    ]
    return render(request, "resources/staff/conversions.html", {"rows": rows})
