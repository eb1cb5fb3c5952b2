"""Statistics dashboard with and without the nightly rollup, on a generated
year of activity for 100,000 learners.

Run: scripts/bench.sh bench/stats_dashboard.py [--learners 100000] [--rounds 5]
(the real PostgreSQL, as `make test` starts it).

The activity figures the dashboard shows — the headline participation, one
row per district and one point per month — are computed both ways in
interleaved rounds: from `LearnerMonth` (what the dashboard reads) and live
from the progress and attendance tables. Both must give identical numbers.
Reported: the median time of each, their ratio, the whole dashboard page
(rollup) through Django's test client, and the time to build the rollup.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django

django.setup()

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from institutions.models import CityCentrePage, TownshipSchoolPage, VillagePointPage
from resources.models import LessonPage, LessonProgress
from stats import figures, periods, rollup


def _copy(table: str, columns: list[str], rows) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def generate(learners: int, seed: int = 2026) -> None:
    """Learners spread over every township and village, each completing 0–15
    lessons at random moments of the past year."""
    rng = random.Random(seed)
    now = timezone.now()
    places = [
        p.pk
        for p in (*TownshipSchoolPage.objects.live(), *VillagePointPage.objects.live())
    ]
    lessons = list(LessonPage.objects.live().values_list("pk", flat=True))
    first = (
        get_user_model().objects.order_by("-pk").values_list("pk", flat=True).first()
        or 0
    ) + 1
    ids = range(first, first + learners)
    user_columns = [
        "id",
        "password",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    users = ((i, "!", False, f"bench{i}", "", "", "", False, True, now) for i in ids)
    _copy("auth_user", user_columns, users)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('auth_user','id'), "
            "(SELECT max(id) FROM auth_user))"
        )
    profiles = ((i, rng.choice(places), now, "2026-11") for i in ids)
    _copy(
        "resources_learnerprofile",
        ["user_id", "place_id", "consented_at", "consent_version"],
        profiles,
    )

    def progress():
        for i in ids:
            for lesson in rng.sample(lessons, k=min(len(lessons), rng.randint(0, 15))):
                when = now - timedelta(seconds=rng.randint(0, 365 * 86400))
                yield (
                    i,
                    lesson,
                    480.0,
                    "[]",
                    480.0,
                    480.0,
                    480.0,
                    "[]",
                    when,
                    when,
                    when,
                )

    progress_columns = [
        "learner_id",
        "lesson_id",
        "position",
        "watched",
        "watched_seconds",
        "claimed_seconds",
        "duration",
        "quiz_passed",
        "completed_at",
        "started_at",
        "updated_at",
    ]
    _copy("resources_lessonprogress", progress_columns, progress())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def activity(city, period, *, live: bool):
    """The dashboard's activity figures: headline, per district, per month."""
    if live:
        children = [
            c.specific
            for c in city.get_children().live()
            if hasattr(c.specific, "population_served")
        ]
        months = [periods.Period(m, periods.next_month(m), "") for m in period.months()]
        return (
            figures.active_learners(city, period, live=True),
            [figures.active_learners(c, period, live=True) for c in children],
            [figures.active_learners(city, m, live=True) for m in months],
        )
    return (
        figures.active_learners(city, period),
        [row.active for row in figures.participation_by_child(city, period)],
        [n for _, n in figures.monthly_active(city, period)],
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    call_command("seed_demo", "--catalogue-only", stdout=StringIO())
    started = time.perf_counter()
    generate(args.learners)
    took = time.perf_counter() - started
    rows = LessonProgress.objects.count()
    print(f"generated {args.learners:,} learners, {rows:,} progress rows: {took:.1f} s")
    year = periods.parse("")
    last_12 = periods.parse("last-12-months")
    started = time.perf_counter()
    rows = rollup.rebuild(min(year.start, last_12.start), year.end)
    took = time.perf_counter() - started
    print(f"rollup: {rows:,} learner-months (and their quarters and years) in "
          f"{took:.1f} s; the nightly run rebuilds two months")  # fmt: skip
    started = time.perf_counter()
    rollup.rebuild_recent()
    print(
        f"nightly rebuild of the last two months: {time.perf_counter() - started:.1f} s"
    )
    city = CityCentrePage.objects.get()
    admin = get_user_model().objects.create_superuser("bench-admin", password=None)
    client = Client()
    client.force_login(admin)
    for period in (year, last_12):
        if activity(city, period, live=True) != activity(city, period, live=False):
            raise SystemExit(f"{period.label}: the rollup and the live figures differ")
        timings = {"rollup": [], "live": [], "page": []}
        for _ in range(args.rounds):
            for name in ("rollup", "live"):
                started = time.perf_counter()
                activity(city, period, live=name == "live")
                timings[name].append(time.perf_counter() - started)
            started = time.perf_counter()
            response = client.get(f"/admin/statistics/?period={period.label}")
            if response.status_code != 200:
                raise SystemExit("the dashboard did not answer")
            timings["page"].append(time.perf_counter() - started)
        median = {name: statistics.median(values) for name, values in timings.items()}
        last = period.months()[-1]
        print(f"period {period.label} ({period.start:%Y-%m} to {last:%Y-%m}), "
              f"{args.rounds} interleaved rounds:")  # fmt: skip
        print(f"  activity figures from the rollup: {median['rollup'] * 1000:.0f} ms")
        print(f"  activity figures live:            {median['live'] * 1000:.0f} ms")
        print(f"  live ÷ rollup: {median['live'] / median['rollup']:.1f}")
        print(f"  whole dashboard page (rollup):    {median['page'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
