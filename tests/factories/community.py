"""Factories for venues and events."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
import wagtail_factories
from django.utils import timezone

from community.models import EventPage, VenuePage


class VenuePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"第{n}图书馆")
    kind = "library"
    introduction = "街道图书馆，有阅览室和电子阅览区。"
    open_to_residents = "阅览室、少儿绘本区、周末公益课堂"
    address = factory.Sequence(lambda n: f"幸福路{n}号")
    latitude = Decimal("27.810000")
    longitude = Decimal("114.910000")
    opening_hours = "周二至周日 9:00–17:00"
    step_free = True

    class Meta:
        model = VenuePage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"社区讲座{n}")
    kind = "talk"
    introduction = "防范电信诈骗，守好养老钱。"
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    capacity = 2

    class Meta:
        model = EventPage
