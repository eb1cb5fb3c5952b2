"""The check-in list for staff in the Wagtail admin (签到名单), for when there
is no phone to scan tickets with, or a resident has forgotten theirs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.validation import id_from

from .. import registration as registrations
from ..models import EventPage, EventRegistration
from ..selectors import event_seats


def attendance(request: HttpRequest, page_id: int) -> HttpResponse:
    event = get_object_or_404(EventPage, pk=page_id)
    if not registrations.can_check_in(event, request.user):
        raise PermissionDenied
    rows = EventRegistration.objects.filter(event=event).select_related(
        "learner", "learner__learner_profile"
    )
    if request.method == "POST":
        held = get_object_or_404(rows, pk=id_from(request.POST.get("registration")))
        try:
            registrations.check_in(held, staff=request.user)
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
        else:
            name = held.learner.get_full_name() or held.learner.username
            messages.success(request, _("已签到：%(name)s") % {"name": name})
        return redirect("event_attendance", page_id=event.pk)
    Status = EventRegistration.Status
    return render(
        request,
        "community/staff/attendance.html",
        {
            "event": event,
            "seats": event_seats(event),
            "confirmed": rows.filter(status=Status.CONFIRMED),
            "waiting": rows.filter(status=Status.WAITING),
            "checked_in": rows.filter(checked_in_at__isnull=False).count(),
        },
    )
