"""Certificates: the public verification page, and the holder's own PDF and
name setting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core.ratelimit import client_address, count, hit

from .. import certificates, interop
from ..models import Certificate

# Misses (codes that name no certificate) per client per window: plenty for
# typing codes by hand, hopeless for trying them. Found certificates are
# never limited, so a busy desk or everyone behind one proxy can keep
# scanning QR codes while a guesser is stopped.
VERIFY_MISSES = 30
VERIFY_WINDOW = 600


def _miss_key(request: HttpRequest) -> str:
    return f"verify-miss:{client_address(request)}"


@require_GET
def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    code = code or request.GET.get("code", "")
    if not code:
        return render(request, "resources/certificates/verify.html", {})
    if count(_miss_key(request)) >= VERIFY_MISSES:
        return render(
            request, "resources/certificates/verify.html", {"limited": True}, status=429
        )
    normalised = certificates.normalise_code(code)
    if normalised and normalised != code:
        return redirect("verify_certificate", code=normalised)
    certificate = certificates.lookup(code)
    if certificate is None:
        hit(_miss_key(request), window=VERIFY_WINDOW)
    return render(
        request,
        "resources/certificates/verify.html",
        {
            "certificate": certificate,
            "code": code,
            "course_public": bool(certificate)
            and certificates.course_is_public(certificate),
        },
        status=200 if certificate else 404,
    )


def _own(request: HttpRequest, code: str) -> Certificate:
    return get_object_or_404(Certificate, code=code, learner=request.user)


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _own(request, code)
    verify_url = request.build_absolute_uri(reverse("verify_certificate", args=[code]))
    response = HttpResponse(certificates.pdf(certificate, verify_url),
                            content_type="application/pdf")  # fmt: skip
    response["Content-Disposition"] = f'inline; filename="certificate-{code}.pdf"'
    return response


@login_required
@require_POST
def certificate_name(request: HttpRequest, code: str) -> HttpResponse:
    certificate = _own(request, code)
    choice = request.POST.get("name_shown", "")
    if choice not in Certificate.NameShown.values:
        raise Http404
    certificate.name_shown = choice
    certificate.save(update_fields=["name_shown"])
    return redirect("my_learning")


@login_required
@require_GET
def certificate_badge(request: HttpRequest, code: str) -> JsonResponse:
    certificate = _own(request, code)
    verify_url = request.build_absolute_uri(reverse("verify_certificate", args=[code]))
    badge = interop.open_badge(
        certificate, site=request.build_absolute_uri("/"), verify_url=verify_url
    )
    response = JsonResponse(badge, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    response["Content-Disposition"] = f'attachment; filename="badge-{code}.json"'
    return response
