"""iCalendar (RFC 5545) for events: a feed to subscribe to, one file per event.

UIDs are stable per event, so a calendar that imported an event updates it
rather than adding a copy when the time or place changes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from .models import EventPage

PRODUCT = "-//Community Learning Supermarket//Events//ZH"


def _location(event: EventPage) -> str:
    place = event.place
    parts = [place.title, event.room, getattr(place, "address", "")]
    return "，".join(part for part in parts if part)


def as_ical(events: Iterable[EventPage], *, name: str, base_url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone.get_current_timezone_name())
    for event in events:
        entry = Event()
        entry.add("uid", f"event-{event.pk}@{base_url.split('://')[-1]}")
        entry.add("summary", event.title)
        entry.add("dtstart", event.starts_at)
        entry.add("dtend", event.ends_at)
        entry.add("dtstamp", event.last_published_at or timezone.now())
        entry.add("location", _location(event))
        entry.add("description", event.introduction)
        entry.add("url", base_url.rstrip("/") + (event.url or "/"))
        place = event.place
        if getattr(place, "has_location", False):
            entry.add("geo", (float(place.latitude), float(place.longitude)))
        calendar.add_component(entry)
    return calendar.to_ical()
