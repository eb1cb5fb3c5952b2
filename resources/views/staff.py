"""Learner records for staff in the Wagtail admin, limited to the learners of
the institutions each staff member serves (`learners_for_staff`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.validation import id_from

from .. import certificates, credit_bank, records
from ..models import Certificate, ConversionRequest, CreditEntry
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
         "summary": records.summary(learner),
         "revocable": CreditEntry.objects.filter(
             learner=learner, kind__in=["earned", "converted_in"],
             reversal__isnull=True),
         "certificates": Certificate.objects.filter(
             learner=learner, revoked_at__isnull=True)},
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
        conversion = get_object_or_404(pending, pk=id_from(request.POST.get("request")))
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


def revoke(request: HttpRequest, user_id: int) -> HttpResponse:
    """Revoke one of the learner's credit entries or certificates, with a reason."""
    learner = _learner(request, user_id)
    if request.method != "POST":
        return redirect("staff_learner", user_id)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("撤销必须写明原因。"))
        return redirect("staff_learner", user_id)
    if request.POST.get("entry"):
        entry = get_object_or_404(
            CreditEntry.objects.filter(learner=learner),
            pk=id_from(request.POST["entry"]),
        )
        if credit_bank.revoke(entry, actor=request.user, reason=reason) is None:
            messages.error(request, _("这笔学分已经撤销过了。"))
        else:
            messages.success(request, _("学分已撤销。"))
    elif request.POST.get("certificate"):
        certificate = get_object_or_404(
            Certificate.objects.filter(learner=learner),
            pk=id_from(request.POST["certificate"]),
        )
        certificates.revoke(certificate, reason=reason)
        messages.success(request, _("证书已撤销，验证页会显示撤销原因。"))
    return redirect("staff_learner", user_id)
