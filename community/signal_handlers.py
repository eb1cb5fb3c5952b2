"""Editors' changes to an event that residents must hear about at once: more
seats go to the waiting list, and an event taken offline is called off."""

from wagtail.signals import page_published, page_unpublished

from .models import EventPage
from .registration import call_off, fill_from_waiting_list


def _fill_seats(sender, instance: EventPage, **kwargs) -> None:
    fill_from_waiting_list(instance)


def _called_off(sender, instance: EventPage, **kwargs) -> None:
    call_off(instance)


def register_signal_handlers() -> None:
    page_published.connect(_fill_seats, sender=EventPage)
    page_unpublished.connect(_called_off, sender=EventPage)
