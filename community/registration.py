"""Registering for events, the waiting list, cancelling and checking in.

Every change to who holds a seat happens under a row lock on the event's page,
so two residents racing for the last seat get one seat and one waiting-list
place, and a cancelled seat goes to exactly one person from the waiting list.
A second registration by the same resident is stopped by the database (one
live registration per resident and event) and answered with the first one.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from resources.credit_bank import award_event
from resources.models import Notification

from .models import EventPage, EventRegistration

Status = EventRegistration.Status
# Staff can open the check-in list this long before the start.
CHECK_IN_OPENS = timedelta(hours=2)
# ... and until this long after the end, time enough to enter a paper sign-in
# sheet the next day, not to hand out hours and credits weeks later.
CHECK_IN_CLOSES = timedelta(hours=24)


class RegistrationError(Exception):
    """Why a registration cannot go ahead, in the resident's language."""


def _lock(event: EventPage) -> int:
    """Take the event's lock for this transaction; return its current capacity."""
    Page.objects.select_for_update().filter(pk=event.pk).first()
    return EventPage.objects.values_list("capacity", flat=True).get(pk=event.pk)


def live_registration(event: EventPage, learner) -> EventRegistration | None:
    return (
        EventRegistration.objects.filter(event=event, learner=learner)
        .exclude(status=Status.CANCELLED)
        .first()
    )


def register(event: EventPage, learner) -> EventRegistration:
    """A seat if one is free, else a place on the waiting list.

    Registering twice returns the registration already held.
    """
    if not event.live:
        raise RegistrationError(_("这个活动已下线，不能报名。"))
    if event.has_started:
        raise RegistrationError(_("活动已经开始，报名已截止。"))
    with transaction.atomic():
        capacity = _lock(event)
        held = live_registration(event, learner)
        if held is not None:
            return held
        confirmed = EventRegistration.objects.filter(
            event=event, status=Status.CONFIRMED
        ).count()
        now = timezone.now()
        seat = confirmed < capacity
        try:
            with transaction.atomic():
                return EventRegistration.objects.create(
                    event=event,
                    learner=learner,
                    status=Status.CONFIRMED if seat else Status.WAITING,
                    created_at=now,
                    confirmed_at=now if seat else None,
                )
        except IntegrityError:
            return live_registration(event, learner)


def cancel(registration: EventRegistration) -> EventRegistration:
    """Give the seat (or waiting-list place) up; the seat goes to the next in line."""
    event = registration.event
    with transaction.atomic():
        _lock(event)
        registration = EventRegistration.objects.get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return registration
        if registration.checked_in_at is not None:
            raise RegistrationError(_("已经签到，不能取消报名。"))
        had_seat = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if had_seat:
            _promote(event)
    return registration


def fill_from_waiting_list(event: EventPage) -> list[EventRegistration]:
    """Promote waiting residents into any free seats, e.g. after more were added."""
    with transaction.atomic():
        _lock(event)
        return _promote(event)


def _promote(event: EventPage) -> list[EventRegistration]:
    if event.has_started:
        return []
    capacity = EventPage.objects.values_list("capacity", flat=True).get(pk=event.pk)
    registrations = EventRegistration.objects.filter(event=event)
    free = capacity - registrations.filter(status=Status.CONFIRMED).count()
    if free <= 0:
        return []
    promoted = list(registrations.filter(status=Status.WAITING)[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        Notification.objects.create(
            user_id=registration.learner_id,
            message=_("候补成功：你已获得“%(title)s”的名额。")
            % {"title": event.title[:120]},
            url=event.url or "",
        )
    return promoted


def call_off(event: EventPage) -> int:
    """Tell everyone holding a seat or a waiting-list place of an upcoming
    event that it will not take place (the editor took it offline)."""
    if event.ends_at < timezone.now():
        return 0
    holders = EventRegistration.objects.filter(
        event=event, status__in=[Status.CONFIRMED, Status.WAITING]
    ).values_list("learner_id", flat=True)
    message = _("活动取消：“%(title)s”不再举行，给你带来不便，敬请谅解。") % {
        "title": event.title[:120]
    }
    Notification.objects.bulk_create(
        Notification(user_id=learner_id, message=message) for learner_id in holders
    )
    return len(holders)


def can_check_in(event: EventPage, user) -> bool:
    """Staff who may edit the event may check its attendees in."""
    return user.is_authenticated and event.permissions_for_user(user).can_edit()


def check_in(registration: EventRegistration, *, staff) -> EventRegistration:
    """Mark the resident present: the event's hours join their learning
    record, and its credits (if any) go into their credit bank."""
    event = registration.event
    if timezone.now() < event.starts_at - CHECK_IN_OPENS:
        raise RegistrationError(_("活动开始前两小时才能签到。"))
    if timezone.now() > event.ends_at + CHECK_IN_CLOSES:
        raise RegistrationError(_("活动结束超过一天，不能再签到了。"))
    with transaction.atomic():
        registration = EventRegistration.objects.select_for_update().get(
            pk=registration.pk
        )
        if registration.status != Status.CONFIRMED:
            raise RegistrationError(
                _("这位居民没有正式名额（候补或已取消），不能签到。")
            )
        if registration.checked_in_at is None:
            registration.checked_in_at = timezone.now()
            registration.checked_in_by = staff
            registration.save(update_fields=["checked_in_at", "checked_in_by"])
            award_event(registration.learner, event)
    return registration


def send_reminders(now=None) -> int:
    """Remind residents holding a seat of events starting soon; once each."""
    now = now or timezone.now()
    soon = now + timedelta(hours=settings.EVENT_REMINDER_HOURS)
    due = EventRegistration.objects.filter(
        status=Status.CONFIRMED,
        reminded_at__isnull=True,
        event__live=True,
        event__starts_at__gt=now,
        event__starts_at__lte=soon,
    ).select_related("event")
    sent = 0
    for registration in due:
        claimed = EventRegistration.objects.filter(
            pk=registration.pk, reminded_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            continue
        event = registration.event
        starts = timezone.localtime(event.starts_at)
        Notification.objects.create(
            user_id=registration.learner_id,
            message=_("活动提醒：“%(title)s”将于 %(when)s 开始，地点：%(where)s。")
            % {
                "title": event.title[:60],
                "when": starts.strftime("%m-%d %H:%M"),
                "where": event.place.title[:40],
            },
            url=event.url or "",
        )
        sent += 1
    return sent
