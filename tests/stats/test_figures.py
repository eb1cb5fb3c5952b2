"""Every activity figure against values worked out by hand on a small
dataset, read from the rollup and from the source tables alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from resources.models import LessonProgress
from stats import figures, periods, rollup
from stats.models import LearnerActivity
from tests.factories.institutions import CoursePageFactory, LessonPageFactory
from tests.stats.conftest import at as _at

pytestmark = pytest.mark.django_db
YEAR = periods.parse("2026")


def test_periods():
    assert periods.parse("2026-Q1") == periods.Period(
        date(2026, 1, 1), date(2026, 4, 1), "2026-Q1")  # fmt: skip
    assert periods.parse("2026-12").end == date(2027, 1, 1)
    last = periods.parse("last-12-months", today=date(2026, 11, 29))
    assert (last.start, last.end) == (date(2025, 12, 1), date(2026, 12, 1))
    assert len(last.months()) == 12 and last.span is None
    chinese = periods.parse("最近12个月", today=date(2026, 11, 29))
    assert (chinese.start, chinese.end) == (last.start, last.end)
    assert periods.parse("nonsense", today=date(2026, 11, 29)) == YEAR
    assert [periods.parse(p).span for p in ("2026", "2026-Q2", "2026-05")] == [
        "year", "quarter", "month"]  # fmt: skip


def test_rollup_rows(data):
    rows = {
        (r.learner.username, r.starts): r
        for r in LearnerActivity.objects.filter(span="month").all()
    }
    assert rows[("L3", date(2025, 12, 1))].lessons_completed == 1  # local time
    assert rows[("L4", date(2026, 2, 1))].lessons_completed == 2
    assert rows[("L2", date(2026, 3, 1))].events_attended == 1
    assert rows[("L2", date(2026, 3, 1))].seconds == 7200
    assert rows[("L6", date(2026, 3, 1))].lessons_completed == 0
    assert rows[("L1", date(2026, 3, 1))].place_path == data.villages[0].path


@pytest.mark.parametrize("live", [False, True])
def test_participation_rolls_up_the_tree(data, live):
    city = figures.participation(data.city, YEAR, live=live)
    assert (city.active, city.population) == (3, 14)  # L1, L2, L4
    assert city.rate == pytest.approx(3 / 14) and not city.meets_target
    district = figures.participation(data.districts[0], YEAR, live=live)
    assert (district.active, district.population, district.rate) == (2, 10, 0.2)
    assert figures.active_learners(data.districts[1], YEAR, live=live) == 1
    assert figures.active_learners(data.city, periods.parse("2025"), live=live) == 1
    q1 = periods.parse("2026-Q1")
    assert figures.active_learners(data.city, q1, live=live) == 3
    assert figures.active_learners(data.city, periods.parse("2026-04"), live=live) == 1
    last_12 = periods.parse("last-12-months", today=date(2026, 11, 29))
    assert figures.active_learners(data.city, last_12, live=live) == 4  # and L3


def test_quarter_and_year_rows_add_up_the_months(data):
    def row(name, span, starts):
        return LearnerActivity.objects.get(
            learner__username=name, span=span, starts=starts
        )

    year = row("L2", "year", date(2026, 1, 1))
    assert (year.lessons_completed, year.events_attended, year.seconds) == (
        1, 1, 7680)  # fmt: skip
    assert row("L4", "quarter", date(2026, 1, 1)).lessons_completed == 2
    assert row("L3", "year", date(2025, 1, 1)).lessons_completed == 1
    q1, q2 = (
        row("L2", "quarter", date(2026, 1, 1)),
        row("L2", "quarter", date(2026, 4, 1)),
    )
    assert (q1.events_attended, q1.lessons_completed) == (1, 0)  # March
    assert (q2.events_attended, q2.lessons_completed) == (0, 1)  # April


def test_breakdown_by_district_and_month(data):
    rows = figures.participation_by_child(data.city, YEAR)
    assert [(r.institution.pk, r.active, r.population) for r in rows] == [
        (data.districts[0].pk, 2, 10), (data.districts[1].pk, 1, 4)]  # fmt: skip
    months = dict(figures.monthly_active(data.city, YEAR))
    assert (months[date(2026, 2, 1)], months[date(2026, 3, 1)]) == (1, 2)
    assert (months[date(2026, 4, 1)], months[date(2026, 5, 1)]) == (1, 0)
    assert len(months) == 12


def test_learning_hours(data):
    # District 0: L1 480 s, L2 7,200 + 480 s, L6 360 s played = 8,520 s.
    assert figures.learning_hours(data.districts[0], YEAR) == round(8520 / 3600, 1)
    # District 1: L4 two lessons in 2026 (L3's was in 2025).
    assert figures.learning_hours(data.districts[1], YEAR) == round(960 / 3600, 1)


def test_rebuilding_a_month_replaces_it_whole(data):
    before = LearnerActivity.objects.filter(span="month").count()
    rollup.rebuild(date(2026, 3, 1), date(2026, 4, 1))
    assert LearnerActivity.objects.filter(span="month").count() == before
    LessonProgress.objects.filter(learner__username="L1").delete()
    rollup.rebuild(date(2026, 3, 1), date(2026, 4, 1))
    assert (
        not LearnerActivity.objects.filter(span="month")
        .filter(learner__username="L1")
        .exists()
    )
    # March and April: L2 twice, L5 and L6.
    assert rollup.rebuild_recent(today=date(2026, 4, 15)) == 4


def test_coverage(data):
    d0 = data.districts[0]
    d0.townships_total = 4  # two of four townships have a school
    d0.save()
    t0 = data.townships[0]
    t0.villages_total = 3  # one of three villages has a teaching point
    t0.save()
    city = figures.township_coverage(data.city)
    assert (city.built, city.total) == (4, 6)  # district 1 stated none: 2 of 2
    assert figures.township_coverage(d0).rate == 0.5
    assert figures.township_coverage(t0) is None
    assert (figures.village_coverage(data.city).built,
            figures.village_coverage(data.city).total) == (4, 6)  # fmt: skip
    assert figures.village_coverage(t0).rate == pytest.approx(1 / 3)
    assert figures.village_coverage(data.villages[0]) is None


def test_content_events_groups_and_satisfaction(data):
    from community.models import CourseSurvey, LearningGroup, Rating
    from resources.models import Audience, CoursePage

    course = CoursePage.objects.get()
    elders = Audience.objects.create(name="老年人", slug="elders")
    course.audiences.add(elders)
    course.featured = True
    course.save_revision().publish()
    other = CoursePageFactory(parent=data.townships[0])
    LessonPageFactory(parent=other)
    found = figures.content(data.city)
    assert (found.courses, found.lessons, found.featured) == (2, 4, 1)
    assert sorted(found.by_area) == sorted([
        (course.topic.name, 1, 3), (other.topic.name, 1, 1)])  # fmt: skip
    assert found.by_audience == [("老年人", 1)]
    assert figures.content(data.districts[0]).courses == 1

    assert figures.events(data.city, YEAR) == figures.Events(1, 1)
    assert figures.events(data.districts[1], YEAR) == figures.Events(0, 0)

    User = get_user_model()
    LearningGroup.objects.create(
        name="a", topic="t", description="d", area=data.villages[0],
        meeting_place="p", meeting_time="t", created_by=User.objects.first(),
    )  # fmt: skip
    LearningGroup.objects.create(
        name="b", topic="t", description="d", area=data.villages[0],
        meeting_place="p", meeting_time="t", created_by=User.objects.first(),
        hidden_at=_at(2026, 5, 1),
    )  # fmt: skip
    assert (figures.groups(data.city), figures.groups(data.districts[1])) == (1, 0)

    lesson = course.get_children().first()
    for name, stars, when in (("L1", 5, _at(2026, 3, 6)), ("L2", 4, _at(2026, 4, 3)),
                              ("L4", 1, _at(2025, 6, 1))):  # fmt: skip
        Rating.objects.create(page=lesson, learner=User.objects.get(username=name),
                              stars=stars, updated_at=when)  # fmt: skip
    for name, score, yes in (("L1", 5, True), ("L2", 3, False)):
        CourseSurvey.objects.create(
            course=course, learner=User.objects.get(username=name),
            satisfaction=score, usefulness=4, recommend=yes, created_at=_at(2026, 5, 1),
        )  # fmt: skip
    assert figures.satisfaction(data.city, YEAR) == figures.Satisfaction(
        2, 4.5, 2, 4.0, 0.5)  # fmt: skip


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (None, None)]
)
def test_small_counts_are_suppressed(count, shown):
    assert figures.suppressed(count) == shown
