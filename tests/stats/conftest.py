"""The small dataset every statistics test works from, with its figures
worked out by hand in the fixture's docstring."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from community.models import EventRegistration
from resources.models import LearnerProfile, LessonProgress
from stats import rollup
from tests.factories.community import EventPageFactory
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hour: int = 10) -> datetime:
    return datetime(y, m, d, hour, tzinfo=SHANGHAI)


@pytest.fixture
def data(city):
    """Districts of 10 and 4 residents (the city states none, so 14):

    L1 village 0 (district 0): reads a lesson, 2026-03-05.
    L2 township 1 (district 0): checked in at a 2-hour event 2026-03-20, reads a
       lesson 2026-04-02.
    L3 village 2 (district 1): reads a lesson 2025-12-31 23:30 — last year.
    L4 village 3 (district 1): reads two lessons in 2026-02.
    L5 no community given: reads a lesson 2026-03-01 — counted nowhere.
    L6 village 0: plays 360 s of a lesson, 2026-03-09, unfinished — not active.
    """
    for page, people in ((city.city, 0), (city.districts[0], 10),
                         (city.districts[1], 4)):  # fmt: skip
        page.population_served = people
        page.save()
    course = CoursePageFactory(parent=city.city)
    lessons = [LessonPageFactory(parent=course, duration_minutes=8) for _ in range(3)]
    User = get_user_model()
    people = {}
    for name, place in (("L1", city.villages[0]), ("L2", city.townships[1]),
                        ("L3", city.villages[2]), ("L4", city.villages[3]),
                        ("L5", None), ("L6", city.villages[0])):  # fmt: skip
        people[name] = User.objects.create_user(name, password="x")
        LearnerProfile.objects.create(
            user=people[name], place=place, consented_at=at(2025, 1, 1)
        )

    def progress(name, lesson, when, watched=0.0, done=True):
        row = LessonProgress.objects.create(
            learner=people[name], lesson=lesson, watched_seconds=watched,
            completed_at=when if done else None,
        )  # fmt: skip
        LessonProgress.objects.filter(pk=row.pk).update(updated_at=when)

    progress("L1", lessons[0], at(2026, 3, 5))
    progress("L2", lessons[0], at(2026, 4, 2))
    progress("L3", lessons[0], at(2025, 12, 31, 23))
    progress("L4", lessons[0], at(2026, 2, 3))
    progress("L4", lessons[1], at(2026, 2, 27))
    progress("L5", lessons[0], at(2026, 3, 1))
    progress("L6", lessons[2], at(2026, 3, 9), watched=360.0, done=False)
    event = EventPageFactory(
        parent=city.townships[1], starts_at=at(2026, 3, 20, 9),
        ends_at=at(2026, 3, 20, 11),
    )  # fmt: skip
    EventRegistration.objects.create(
        event=event, learner=people["L2"], status="confirmed",
        checked_in_at=at(2026, 3, 20, 9),
    )  # fmt: skip
    rollup.rebuild(date(2025, 1, 1), date(2027, 1, 1))
    return city
