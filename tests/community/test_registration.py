"""Registration rules: seats, the waiting list, cancelling, checking in and
reminders; and that racing requests cannot overfill or double-book (threads
on PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError
from django.utils import timezone

from community import registration
from community.models import EventRegistration
from resources import credit_bank, interop, records
from resources.models import Notification
from tests.factories.community import EventPageFactory
from tests.factories.institutions import network
from tests.race import race

Status = EventRegistration.Status


def _residents(n: int) -> list:
    User = get_user_model()
    return [User.objects.create_user(f"resident{i}", password="x") for i in range(n)]


@pytest.fixture
def event(db):
    return EventPageFactory(parent=network().townships[0], capacity=2)


def test_seats_then_waiting_list_in_order(event):
    a, b, c, d = _residents(4)
    assert registration.register(event, a).status == Status.CONFIRMED
    assert registration.register(event, b).status == Status.CONFIRMED
    assert registration.register(event, c).status == Status.WAITING
    assert registration.register(event, d).status == Status.WAITING


def test_registering_twice_returns_the_same_registration(event):
    (a,) = _residents(1)
    first = registration.register(event, a)
    assert registration.register(event, a) == first
    assert EventRegistration.objects.count() == 1


def test_database_refuses_a_second_live_registration(event):
    (a,) = _residents(1)
    registration.register(event, a)
    with pytest.raises(IntegrityError):
        EventRegistration.objects.create(event=event, learner=a, status="waiting")


def test_cancelling_a_seat_promotes_the_first_waiting_and_tells_them(event):
    a, b, c, d = _residents(4)
    seat = registration.register(event, a)
    registration.register(event, b)
    registration.register(event, c)
    registration.register(event, d)
    registration.cancel(seat)
    statuses = dict(
        EventRegistration.objects.values_list("learner__username", "status")
    )
    assert statuses == {
        "resident0": Status.CANCELLED,
        "resident1": Status.CONFIRMED,
        "resident2": Status.CONFIRMED,
        "resident3": Status.WAITING,
    }
    assert Notification.objects.filter(user=c, message__contains="候补成功").exists()
    assert not Notification.objects.filter(user=d).exists()


def test_cancelling_a_waiting_place_promotes_nobody(event):
    a, b, c, d = _residents(4)
    for person in (a, b, c, d):
        registration.register(event, person)
    registration.cancel(EventRegistration.objects.get(learner=c))
    assert EventRegistration.objects.get(learner=d).status == Status.WAITING


def test_a_resident_may_register_again_after_cancelling(event):
    (a,) = _residents(1)
    registration.cancel(registration.register(event, a))
    again = registration.register(event, a)
    assert again.status == Status.CONFIRMED
    assert EventRegistration.objects.filter(learner=a).count() == 2


def test_more_seats_go_to_the_waiting_list_when_published(event):
    a, b, c, d = _residents(4)
    for person in (a, b, c, d):
        registration.register(event, person)
    event.capacity = 3
    event.save_revision().publish()
    assert EventRegistration.objects.get(learner=c).status == Status.CONFIRMED
    assert EventRegistration.objects.get(learner=d).status == Status.WAITING


def test_taking_an_upcoming_event_offline_tells_everyone_registered(event):
    a, b, c, d = _residents(4)
    for person in (a, b, c):
        registration.register(event, person)
    registration.cancel(EventRegistration.objects.get(learner=a))
    Notification.objects.all().delete()
    event.unpublish()
    told = set(
        Notification.objects.filter(message__startswith="活动取消").values_list(
            "user__username", flat=True
        )
    )
    assert told == {"resident1", "resident2"}  # not the one who had cancelled


def test_no_registration_once_started_or_offline(event):
    (a,) = _residents(1)
    event.starts_at = timezone.now() - timedelta(minutes=1)
    event.save()
    with pytest.raises(registration.RegistrationError, match="已经开始"):
        registration.register(event, a)
    event.starts_at = timezone.now() + timedelta(days=1)
    event.live = False
    event.save()
    with pytest.raises(registration.RegistrationError, match="下线"):
        registration.register(event, a)


def test_check_in_adds_hours_and_credits_to_the_record_once(event):
    (a,) = _residents(1)
    staff = get_user_model().objects.create_user("staff", password="x")
    event.credits = Decimal("0.5")
    event.starts_at = timezone.now() - timedelta(minutes=10)
    event.ends_at = event.starts_at + timedelta(hours=1, minutes=30)
    event.save()
    held = EventRegistration.objects.create(
        event=event, learner=a, status=Status.CONFIRMED
    )
    registration.check_in(held, staff=staff)
    registration.check_in(held, staff=staff)
    held.refresh_from_db()
    assert held.checked_in_by == staff
    assert credit_bank.balance(a) == Decimal("0.5")
    [line] = [e for e in records.timeline(a) if e.kind == "event"]
    assert (line.title, line.hours) == (event.title, 1.5)
    assert records.learning_seconds(a) == 1.5 * 3600
    [statement] = interop.xapi_statements(a, site="https://x.example")
    assert statement["verb"]["id"].endswith("/attended")
    assert statement["result"]["duration"] == "PT90M"
    with pytest.raises(registration.RegistrationError, match="已经签到"):
        registration.cancel(held)


def test_stated_hours_override_the_length(event):
    event.hours = Decimal("1.0")
    assert event.learning_hours == Decimal("1.0")
    event.hours = None
    assert event.learning_hours == Decimal("2.0")


def test_only_confirmed_residents_check_in_and_not_days_early(event):
    a, b, c = _residents(3)
    staff = get_user_model().objects.create_user("staff", password="x")
    for person in (a, b, c):
        registration.register(event, person)
    with pytest.raises(registration.RegistrationError, match="两小时"):
        registration.check_in(EventRegistration.objects.get(learner=a), staff=staff)
    event.starts_at = timezone.now() + timedelta(hours=1)
    event.save()
    with pytest.raises(registration.RegistrationError, match="候补"):
        registration.check_in(EventRegistration.objects.get(learner=c), staff=staff)
    with pytest.raises(IntegrityError):
        EventRegistration.objects.filter(learner=c).update(checked_in_at=timezone.now())


def test_no_check_in_weeks_after_the_event(event):
    (a,) = _residents(1)
    staff = get_user_model().objects.create_user("staff", password="x")
    seat = registration.register(event, a)
    event.starts_at = timezone.now() - timedelta(days=21)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    with pytest.raises(registration.RegistrationError, match="超过一天"):
        registration.check_in(seat, staff=staff)
    seat.refresh_from_db()
    assert seat.checked_in_at is None
    assert not credit_bank.CreditEntry.objects.filter(learner=a).exists()
    # The next morning a paper sheet can still be entered.
    event.starts_at = timezone.now() - timedelta(hours=20)
    event.ends_at = event.starts_at + timedelta(hours=2)
    event.save()
    assert registration.check_in(seat, staff=staff).checked_in_at is not None


def test_reminders_go_once_to_seat_holders_of_events_starting_soon(event):
    a, b, c = _residents(3)
    for person in (a, b, c):
        registration.register(event, person)
    later = EventPageFactory(
        parent=event.get_parent(), starts_at=event.starts_at + timedelta(days=7)
    )
    registration.register(later, a)
    assert registration.send_reminders() == 0  # three days away
    now = event.starts_at - timedelta(hours=20)
    assert registration.send_reminders(now=now) == 2
    assert registration.send_reminders(now=now) == 0
    assert Notification.objects.filter(message__startswith="活动提醒").count() == 2
    assert not Notification.objects.filter(user=c).exists()


@pytest.mark.django_db(transaction=True)
def test_racing_registrations_never_overfill_or_double_book(event):
    residents = _residents(8)
    queue = iter(residents)
    results = race(lambda: registration.register(event, next(queue)))
    assert (
        sorted(r.status for r in results)
        == [Status.CONFIRMED] * 2 + [Status.WAITING] * 6
    )
    assert EventRegistration.objects.filter(status=Status.CONFIRMED).count() == 2

    one = residents[0]
    other_event = EventPageFactory(parent=event.get_parent(), capacity=5)
    results = race(lambda: registration.register(other_event, one))
    assert len({r.pk for r in results}) == 1
    assert EventRegistration.objects.filter(event=other_event).count() == 1


@pytest.mark.django_db(transaction=True)
def test_racing_cancellations_hand_each_seat_to_one_person(event):
    residents = _residents(6)
    for person in residents:
        registration.register(event, person)
    seats = list(EventRegistration.objects.filter(status=Status.CONFIRMED))
    for seat in seats:
        race(lambda seat=seat: registration.cancel(seat), times=4)
    confirmed = EventRegistration.objects.filter(status=Status.CONFIRMED)
    assert list(confirmed.values_list("learner__username", flat=True)) == [
        "resident2",
        "resident3",
    ]
    assert Notification.objects.filter(message__contains="候补成功").count() == 2
