"""Voting in the showcase competition: one vote per resident, enforced by the
database, so two taps (or two phones) cannot vote twice.

An account votes once it has cost something real: a verified mobile number,
a lesson learned or an event attended. Sign-ups are cheap (ten an hour from
one address is allowed, for classes signing up together); a vote from a
made-up account is not, so a competition is won by residents, not scripts.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .feedback import FeedbackError
from .models import (
    CommunityBrandPage,
    CompetitionVote,
    ShowcaseCompetitionPage,
)
from .selectors import person_is_established


def vote(
    competition: ShowcaseCompetitionPage, voter, brand: CommunityBrandPage
) -> CompetitionVote:
    if not competition.is_open:
        raise FeedbackError(
            _("投票已经截止。") if competition.is_closed else _("投票还没开始。")
        )
    if not competition.entries.filter(brand=brand).exists():
        raise FeedbackError(_("这个社区品牌没有参加本次评比。"))
    if not person_is_established(user=voter):
        raise FeedbackError(
            _(
                "投票前请先验证手机号（在“我的学习”里），或者学完一节微课。"
                "这样可以防止有人用大量新账号刷票。"
            )
        )
    try:
        with transaction.atomic():
            return CompetitionVote.objects.create(
                competition=competition, voter=voter, brand=brand
            )
    except IntegrityError as error:
        raise FeedbackError(_("你已经投过票了，每人只能投一票。")) from error
