"""The credit ledger: append-only, balances derived, no double award or double
revocation even when requests race (threads on PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from resources import credit_bank, progress
from resources.models import AppendOnlyError, CourseCompletion, CreditEntry
from tests.factories.institutions import (
    CoursePageFactory,
    LessonPageFactory,
    network,
)
from tests.race import race


@pytest.fixture
def learner(db):
    return get_user_model().objects.create_user("learner", password="x")


@pytest.fixture
def course(learner):
    city = network()
    course = CoursePageFactory(parent=city.townships[0], credits=Decimal("2.0"))
    LessonPageFactory(parent=course, title="读一读")
    return course


@pytest.mark.django_db
def test_entries_cannot_be_edited_or_deleted(learner, course):
    entry = credit_bank.award_course(learner, course)
    entry.amount = Decimal("20")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        CreditEntry.objects.filter(pk=entry.pk).update(amount=Decimal("20"))
    with pytest.raises(AppendOnlyError):
        CreditEntry.objects.all().delete()
    assert credit_bank.balance(learner) == Decimal("2.0")


@pytest.mark.django_db
def test_revoking_needs_a_reason_and_happens_once(learner, course):
    entry = credit_bank.award_course(learner, course)
    staff = get_user_model().objects.create_user("staff", password="x")
    with pytest.raises(ValidationError):
        credit_bank.revoke(entry, actor=staff, reason=" ")
    reversal = credit_bank.revoke(entry, actor=staff, reason="重复登记")
    assert reversal.amount == Decimal("-2.0") and reversal.actor == staff
    assert credit_bank.revoke(entry, actor=staff, reason="再撤一次") is None
    assert credit_bank.balance(learner) == Decimal("0")
    with pytest.raises(ValueError):
        credit_bank.revoke(reversal, actor=staff, reason="撤销撤销")


@pytest.mark.django_db
def test_amount_sign_must_match_kind(learner):
    with pytest.raises(ValidationError):
        CreditEntry.objects.create(
            learner=learner, kind=CreditEntry.Kind.EARNED, amount=Decimal("-1")
        )


@pytest.mark.django_db(transaction=True)
def test_racing_awards_and_completions_give_credit_once(learner, course):
    results = race(lambda: credit_bank.award_course(learner, course))
    assert sum(result is not None for result in results) == 1
    assert CreditEntry.objects.filter(learner=learner).count() == 1

    other = get_user_model().objects.create_user("other", password="x")
    lesson = progress.required_lessons(course).get()
    race(lambda: progress.mark_finished(other, lesson))
    assert CourseCompletion.objects.filter(learner=other).count() == 1
    assert credit_bank.balance(other) == Decimal("2.0")


@pytest.mark.django_db(transaction=True)
def test_racing_revocations_reverse_once(learner, course):
    entry = credit_bank.award_course(learner, course)
    staff = get_user_model().objects.create_user("staff", password="x")
    results = race(lambda: credit_bank.revoke(entry, actor=staff, reason="误发"))
    assert sum(result is not None for result in results) == 1
    assert credit_bank.balance(learner) == Decimal("0")
