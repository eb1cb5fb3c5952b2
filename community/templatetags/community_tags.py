from django import template
from django.template.defaultfilters import date as format_date
from django.utils import timezone

register = template.Library()


@register.filter
def event_when(event) -> str:
    """ "2026年12月5日 星期六 14:00–16:00", or both dates if it spans days."""
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at)
    first = f"{format_date(starts, 'DATE_FORMAT')} {format_date(starts, 'l H:i')}"
    if starts.date() == ends.date():
        return f"{first}–{format_date(ends, 'H:i')}"
    return f"{first} – {format_date(ends, 'DATE_FORMAT')} {format_date(ends, 'H:i')}"
