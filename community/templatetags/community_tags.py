from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone

from ..cache import events_shown
from ..selectors import my_events, upcoming_events

register = template.Library()


@register.inclusion_tag("community/includes/events_shelf.html", takes_context=True)
def upcoming_events_shelf(context: template.Context, limit: int = 3) -> dict:
    """The next few events anywhere in the network, for the home page."""
    return {
        "request": context.get("request"),
        "events": events_shown(
            request=context.get("request"), events=upcoming_events(limit=limit)
        ),
    }


@register.filter
def event_when(event) -> str:
    """ "2026年12月5日 星期六 14:00–16:00", or both dates if it spans days."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    first = f"{format_date(starts, 'DATE_FORMAT')} {format_date(starts, 'l H:i')}"
    if starts.date() == ends.date():
        return f"{first}–{format_date(ends, 'H:i')}"
    return f"{first} – {format_date(ends, 'DATE_FORMAT')} {format_date(ends, 'H:i')}"


@register.inclusion_tag("community/includes/my_events_shelf.html", takes_context=True)
def my_events_shelf(context: template.Context) -> dict:
    """Events the signed-in resident holds a seat or a waiting place for."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {"request": request, "events": my_events(user) if signed_in else []}
