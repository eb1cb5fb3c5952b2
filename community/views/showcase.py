"""The brand showcase and voting in its competitions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagecache import response_cacheable
from core.pages import page_viewable_or_404
from core.validation import id_from

from .. import showcase
from ..feedback import FeedbackError
from ..models import BrandShowcasePage, CommunityBrandPage, ShowcaseCompetitionPage


def brand_showcase(request: HttpRequest) -> HttpResponse:
    """A stable address for the showcase, wherever editors put its page
    (served, not redirected, in case they gave it this very address)."""
    page = BrandShowcasePage.objects.live().public().first()
    if page is None:
        raise Http404
    response_cacheable(request=request, tags=("pages",))
    return page.serve(request)


@login_required
@require_POST
def vote(request: HttpRequest, page_id: int) -> HttpResponse:
    competition = page_viewable_or_404(
        request=request, page_id=page_id, types=(ShowcaseCompetitionPage,)
    )
    brand = CommunityBrandPage.objects.filter(
        pk=id_from(request.POST.get("brand"), required=False) or 0
    ).first()
    try:
        if brand is None:
            raise FeedbackError(_("这个社区品牌没有参加本次评比。"))
        showcase.vote(competition, request.user, brand)
    except FeedbackError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("投票成功！结果在投票截止后公布。"))
    return redirect(competition.url)
