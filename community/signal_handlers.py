"""An editor adding seats to an event hands them to the waiting list at once."""

from wagtail.signals import page_published

from .models import EventPage
from .registration import fill_from_waiting_list


def _fill_seats(sender, instance: EventPage, **kwargs) -> None:
    fill_from_waiting_list(instance)


def register_signal_handlers() -> None:
    page_published.connect(_fill_seats, sender=EventPage)
