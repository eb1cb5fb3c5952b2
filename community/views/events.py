"""Residents' side of events: the list, registering, cancelling, calendars,
and the check-in a member of staff makes by scanning a resident's ticket."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagecache import response_cacheable
from core.pages import page_viewable_or_404

from .. import registration as registrations
from ..cache import events_shown
from ..calendar import as_ical
from ..models import EventKind, EventPage, EventRegistration
from ..selectors import district_get, districts, upcoming_events, waiting_position


def _event(request: HttpRequest, page_id: int) -> EventPage:
    return page_viewable_or_404(request=request, page_id=page_id, types=(EventPage,))


def event_list(request: HttpRequest) -> HttpResponse:
    district = district_get(request.GET.get("district", ""))
    kind = request.GET.get("kind", "")
    past = request.GET.get("when") == "past"
    if not past:
        response_cacheable(request=request, tags=("pages",))
    events = upcoming_events(within=district, kind=kind, past=past)
    return render(
        request,
        "community/event_list.html",
        {
            "events": events_shown(request=request, events=events, past=past),
            "districts": districts(),
            "district": district,
            "kinds": EventKind.choices,
            "kind": kind if kind in EventKind.values else "",
            "past": past,
        },
    )


@login_required
@require_POST
def register(request: HttpRequest, page_id: int) -> HttpResponse:
    event = _event(request, page_id)
    try:
        held = registrations.register(event, request.user)
    except registrations.RegistrationError as error:
        messages.error(request, str(error))
    else:
        if held.status == EventRegistration.Status.CONFIRMED:
            messages.success(request, _("报名成功！请按时到场，出示报名码签到。"))
        else:
            messages.info(
                request,
                _("名额已满，你在候补第 %(n)d 位。有人取消时会自动为你补上并通知你。")
                % {"n": waiting_position(held)},
            )
    return redirect(event.url)


@login_required
@require_POST
def cancel(request: HttpRequest, page_id: int) -> HttpResponse:
    event = _event(request, page_id)
    held = get_object_or_404(
        EventRegistration.objects.exclude(status=EventRegistration.Status.CANCELLED),
        event=event,
        learner=request.user,
    )
    try:
        registrations.cancel(held)
    except registrations.RegistrationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已取消报名。"))
    return redirect(event.url)


def _ical_response(body: bytes, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ics(request: HttpRequest, page_id: int) -> HttpResponse:
    event = _event(request, page_id)
    body = as_ical([event], name=event.title, base_url=request.build_absolute_uri("/"))
    return _ical_response(body, f"event-{event.pk}.ics", attachment=True)


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Upcoming events to subscribe to, for the city or one district."""
    district = district_get(request.GET.get("district", ""))
    events = upcoming_events(within=district, limit=500)
    name = district.title if district else _("社区学习活动")
    body = as_ical(events, name=name, base_url=request.build_absolute_uri("/"))
    return _ical_response(body, "events.ics", attachment=False)


@login_required
def ticket_check_in(request: HttpRequest, token: str) -> HttpResponse:
    """What staff see when they scan a resident's ticket; POST checks them in."""
    held = get_object_or_404(
        EventRegistration.objects.select_related("event", "learner"), token=token
    )
    event = held.event.specific
    if not registrations.can_check_in(event, request.user):
        return render(
            request, "community/ticket_not_staff.html", {"event": event}, status=403
        )
    if request.method == "POST":
        try:
            registrations.check_in(held, staff=request.user)
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("已签到：%(name)s") % {"name": held.learner.get_full_name() or "—"},
            )
        return redirect("ticket_check_in", token=token)
    held.refresh_from_db()
    return render(
        request, "community/ticket_check_in.html", {"event": event, "ticket": held}
    )
