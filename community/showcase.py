"""Voting in the showcase competition: one vote per resident, enforced by the
database, so two taps (or two phones) cannot vote twice."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .feedback import FeedbackError
from .models import CommunityBrandPage, CompetitionVote, ShowcaseCompetitionPage


def vote(
    competition: ShowcaseCompetitionPage, voter, brand: CommunityBrandPage
) -> CompetitionVote:
    if not competition.is_open:
        raise FeedbackError(
            _("投票已经截止。") if competition.is_closed else _("投票还没开始。")
        )
    if not competition.entries.filter(brand=brand).exists():
        raise FeedbackError(_("这个社区品牌没有参加本次评比。"))
    try:
        with transaction.atomic():
            return CompetitionVote.objects.create(
                competition=competition, voter=voter, brand=brand
            )
    except IntegrityError as error:
        raise FeedbackError(_("你已经投过票了，每人只能投一票。")) from error
