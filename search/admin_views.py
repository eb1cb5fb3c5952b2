"""Editors' review of the thesaurus suggestions mined from residents'
searches (see `services.synonym_candidate_record`): each is accepted as a
one-way entry or rejected, never applied by itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.validation import id_from

from . import services
from .models import SynonymCandidate

PERMISSIONS = ("search.change_synonymcandidate", "search.add_synonym")


def can_review(user) -> bool:
    return user.has_perms(PERMISSIONS)


@require_http_methods(["GET", "POST"])
def synonym_candidates(request: HttpRequest) -> HttpResponse:
    if not can_review(request.user):
        raise PermissionDenied
    pending = SynonymCandidate.objects.filter(status=SynonymCandidate.Status.PENDING)
    if request.method == "POST":
        candidate = get_object_or_404(
            pending, pk=id_from(request.POST.get("candidate"))
        )
        if request.POST.get("decision") == "accept":
            try:
                synonym = services.synonym_candidate_accept(candidate=candidate)
            except ValidationError as error:
                messages.error(
                    request,
                    _("没有采纳“%(pair)s”：%(why)s")
                    % {"pair": candidate, "why": "；".join(error.messages)},
                )
            else:
                messages.success(
                    request,
                    _("已加入同义词：%(entry)s。居民现在搜“%(word)s”就能找到。")
                    % {"entry": synonym, "word": synonym.words},
                )
        else:
            services.synonym_candidate_reject(candidate=candidate)
            messages.success(request, _("已不采纳：%(pair)s") % {"pair": candidate})
        return redirect(request.path)
    decided = SynonymCandidate.objects.exclude(
        status=SynonymCandidate.Status.PENDING
    ).order_by("-last_seen_at")[:30]
    return render(
        request,
        "search/admin/candidates.html",
        {"pending": pending[:100], "decided": decided},
    )
