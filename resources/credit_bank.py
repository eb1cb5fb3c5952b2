"""The credit bank's services: award, revoke and read balances.

Entries are only ever added (see `CreditEntry`). Double awards are stopped by
the database, not by checking first: an award carries a key unique per
learner and course, and a reversal is one-to-one with the entry it reverses,
so two requests racing each other cannot both succeed.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    COMMUNITY_ACCOUNT,
    ConversionRequest,
    ConversionRule,
    CoursePage,
    CreditEntry,
)

STEP = Decimal("0.1")


class ConversionError(Exception):
    """Why a conversion cannot go ahead, in the resident's language."""


def _sum(entries) -> Decimal:
    return entries.aggregate(n=Sum("amount"))["n"] or Decimal("0")


def balance(learner, account: str = COMMUNITY_ACCOUNT) -> Decimal:
    return _sum(CreditEntry.objects.filter(learner=learner, account=account))


def balances(learner) -> dict[str, Decimal]:
    """Every account the learner holds credit in."""
    rows = (
        CreditEntry.objects.filter(learner=learner)
        .values("account")
        .annotate(n=Sum("amount"))
        .order_by("account")
    )
    return {row["account"]: row["n"] for row in rows}


def award_key(learner, course: CoursePage) -> str:
    return f"course:{course.pk}:learner:{learner.pk}"


def award_course(learner, course: CoursePage) -> CreditEntry | None:
    """The course's credits for completing it, or None if already awarded."""
    if not course.credits:
        return None
    return _award(
        learner,
        course.credits,
        key=award_key(learner, course),
        reason=f"完成课程：{course.title}",
        course=course,
    )


def event_award_key(learner_id: int, event_id: int) -> str:
    return f"event:{event_id}:learner:{learner_id}"


def award_event(learner, event) -> CreditEntry | None:
    """An event's credits for attending it, or None if none or already awarded."""
    if not event.credits:
        return None
    return _award(
        learner,
        event.credits,
        key=event_award_key(learner.pk, event.pk),
        reason=f"参加活动：{event.title}",
    )


def _award(learner, amount, *, key: str, reason: str, course=None):
    try:
        with transaction.atomic():
            return CreditEntry.objects.create(
                learner=learner,
                kind=CreditEntry.Kind.EARNED,
                amount=amount,
                course=course,
                reason=reason[:200],
                award_key=key,
            )
    except IntegrityError:
        return None


def revoke(entry: CreditEntry, *, actor, reason: str) -> CreditEntry | None:
    """Reverse an earned entry; None if it has been reversed already."""
    if CreditEntry.SIGNS[entry.kind] < 0:
        raise ValueError("only credit that was added can be revoked")
    try:
        with transaction.atomic():
            return CreditEntry.objects.create(
                learner_id=entry.learner_id,
                kind=CreditEntry.Kind.REVOKED,
                amount=-entry.amount,
                account=entry.account,
                course_id=entry.course_id,
                reason=reason,
                actor=actor,
                reverses=entry,
            )
    except IntegrityError:
        return None


def convertible(learner, rule: ConversionRule) -> Decimal:
    """Community credit this rule may still take from the learner.

    Only credit earned in the rule's content areas (net of revocations)
    counts, less everything already converted out under any rule, so no
    credit converts twice; never more than the balance, nor past the cap.
    """
    community = CreditEntry.objects.filter(learner=learner, account=COMMUNITY_ACCOUNT)
    earned = community.filter(
        kind__in=[CreditEntry.Kind.EARNED, CreditEntry.Kind.REVOKED]
    )
    topics = list(rule.topics.values_list("pk", flat=True))
    if topics:
        earned = earned.filter(course__topic__in=topics)
    converted_out = -_sum(community.filter(kind=CreditEntry.Kind.CONVERTED_OUT))
    available = min(_sum(community), _sum(earned) - converted_out)
    paid_in = _sum(
        CreditEntry.objects.filter(
            learner=learner, kind=CreditEntry.Kind.CONVERTED_IN, conversion__rule=rule
        )
    )
    cap_left = ((rule.cap - paid_in) / rule.ratio).quantize(STEP, rounding="ROUND_DOWN")
    return max(Decimal("0"), min(available, cap_left))


def request_conversion(
    learner, rule: ConversionRule, amount: Decimal
) -> ConversionRequest:
    if not rule.active:
        raise ConversionError(_("这条转换规则已停用。"))
    if amount <= 0 or amount != amount.quantize(STEP):
        raise ConversionError(_("请填写大于 0 的学分，最多一位小数。"))
    most = convertible(learner, rule)
    if amount > most:
        raise ConversionError(
            _("可转换的学分不足：按这条规则最多还能转 %(n)s 分。") % {"n": most}
        )
    return ConversionRequest.objects.create(learner=learner, rule=rule, amount=amount)


def approve_conversion(conversion: ConversionRequest, *, staff) -> None:
    """Move the credit: out of the community account, into the rule's.

    The learner's row is locked while checking and writing, so two approvals
    racing each other cannot spend the same credit twice.
    """
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=conversion.learner_id)
        conversion = ConversionRequest.objects.select_for_update().get(pk=conversion.pk)
        if conversion.status != ConversionRequest.Status.PENDING:
            raise ConversionError(_("这份申请已经处理过了。"))
        rule = conversion.rule
        if conversion.amount > convertible(conversion.learner, rule):
            raise ConversionError(_("学习者的可转换学分已不足，不能批准。"))
        paid = (conversion.amount * rule.ratio).quantize(STEP, rounding="ROUND_DOWN")
        reason = f"学分转换：{rule.name}"
        CreditEntry.objects.create(
            learner_id=conversion.learner_id, kind=CreditEntry.Kind.CONVERTED_OUT,
            amount=-conversion.amount, account=COMMUNITY_ACCOUNT, reason=reason,
            actor=staff, conversion=conversion,
            award_key=f"conversion:{conversion.pk}:out",
        )  # fmt: skip
        if paid > 0:
            CreditEntry.objects.create(
                learner_id=conversion.learner_id, kind=CreditEntry.Kind.CONVERTED_IN,
                amount=paid, account=rule.target_account, reason=reason,
                actor=staff, conversion=conversion,
                award_key=f"conversion:{conversion.pk}:in",
            )  # fmt: skip
        conversion.status = ConversionRequest.Status.APPROVED
        conversion.decided_by, conversion.decided_at = staff, timezone.now()
        conversion.save()


def reject_conversion(conversion: ConversionRequest, *, staff, note: str) -> None:
    updated = ConversionRequest.objects.filter(
        pk=conversion.pk, status=ConversionRequest.Status.PENDING
    ).update(
        status=ConversionRequest.Status.REJECTED, note=note[:200],
        decided_by=staff, decided_at=timezone.now(),
    )  # fmt: skip
    if not updated:
        raise ConversionError(_("这份申请已经处理过了。"))
