"""The credit bank's services: award, revoke and read balances.

Entries are only ever added (see `CreditEntry`). Double awards are stopped by
the database, not by checking first: an award carries a key unique per
learner and course, and a reversal is one-to-one with the entry it reverses,
so two requests racing each other cannot both succeed.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from .models import CoursePage, CreditEntry


def balance(learner) -> Decimal:
    total = CreditEntry.objects.filter(learner=learner).aggregate(n=Sum("amount"))["n"]
    return total or Decimal("0")


def award_key(learner, course: CoursePage) -> str:
    return f"course:{course.pk}:learner:{learner.pk}"


def award_course(learner, course: CoursePage) -> CreditEntry | None:
    """The course's credits for completing it, or None if already awarded."""
    if not course.credits:
        return None
    try:
        with transaction.atomic():
            return CreditEntry.objects.create(
                learner=learner,
                kind=CreditEntry.Kind.EARNED,
                amount=course.credits,
                course=course,
                reason=f"完成课程：{course.title}",
                award_key=award_key(learner, course),
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
                course_id=entry.course_id,
                reason=reason,
                actor=actor,
                reverses=entry,
            )
    except IntegrityError:
        return None
