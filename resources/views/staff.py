"""Learner records for staff in the Wagtail admin, limited to the learners of
the institutions each staff member serves (`learners_for_staff`)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from .. import records
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
