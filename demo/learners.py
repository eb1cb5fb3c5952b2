"""Demo residents with a year of learning behind them, so "my learning",
records and (later) the statistics have something true-looking to show.

Deterministic (a fixed seed) and idempotent: learners that exist are kept.
Rows are written with the dates they would have had; credits go into the
ledger with the same award keys the live services use.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from institutions.models import CityCentrePage, TownshipSchoolPage, VillagePointPage
from resources import certificates, credit_bank
from resources.models import (
    Audience,
    CourseCompletion,
    CoursePage,
    CreditEntry,
    LearnerProfile,
    LessonPage,
    LessonProgress,
)

from . import data

LEARNERS = 60
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭罗梁宋"
CALLED = ["阿姨", "师傅", "奶奶", "爷爷", "大姐", "大哥", "老师", "妈妈"]


def _lesson_seconds(lesson: LessonPage) -> float:
    return float(lesson.duration_minutes * 60)


def _history(rng: random.Random, user, courses: list[CoursePage], now) -> None:
    for course in rng.sample(courses, k=min(len(courses), rng.randint(1, 4))):
        lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
        if not lessons:
            continue
        started = now - timedelta(days=rng.randint(5, 360), hours=rng.randint(0, 20))
        finished = rng.randint(1, len(lessons)) if rng.random() < 0.8 else 0
        for position, lesson in enumerate(lessons):
            seconds = _lesson_seconds(lesson)
            day = started + timedelta(days=position * rng.randint(1, 4))
            if day > now:
                break
            if position < finished:
                watched = seconds * rng.uniform(0.9, 1.0)
                done = day
            elif position == finished:
                watched = seconds * rng.uniform(0.1, 0.7)
                done = None
            else:
                break
            row = LessonProgress.objects.create(
                learner=user, lesson=lesson, position=watched,
                watched=[[0.0, watched]], watched_seconds=watched,
                claimed_seconds=watched, duration=seconds, completed_at=done,
            )  # fmt: skip
            LessonProgress.objects.filter(pk=row.pk).update(
                started_at=day - timedelta(minutes=30), updated_at=day
            )
        required = [lesson for lesson in lessons if not lesson.optional]
        if finished >= len(lessons) and required:
            day = started + timedelta(days=len(lessons) * 2)
            if day > now:
                day = now - timedelta(days=1)
            completion = CourseCompletion.objects.create(
                learner=user, course=course, completed_at=day
            )
            if course.credits:
                CreditEntry.objects.create(
                    learner=user, kind=CreditEntry.Kind.EARNED, amount=course.credits,
                    course=course, reason=f"完成课程：{course.title}",
                    award_key=credit_bank.award_key(user, course), created_at=day,
                )  # fmt: skip
            certificate = certificates.issue(completion)
            type(certificate).objects.filter(pk=certificate.pk).update(issued_at=day)


def seed_learners(city: CityCentrePage) -> None:
    users = get_user_model()
    if users.objects.filter(username="learner001").exists():
        return
    rng = random.Random(2026)  # noqa: S311 - demo data, reproducible on purpose
    password = make_password(data.DEMO_PASSWORD)  # hashed once, not 60 times
    now = timezone.now()
    places = [
        *TownshipSchoolPage.objects.live().descendant_of(city),
        *VillagePointPage.objects.live().descendant_of(city),
    ]
    audiences = list(Audience.objects.exclude(slug="everyone"))
    courses = list(CoursePage.objects.live().descendant_of(city))
    for number in range(1, LEARNERS + 1):
        name = rng.choice(SURNAMES) + rng.choice(CALLED)
        joined = now - timedelta(days=rng.randint(30, 400))
        user = users.objects.create(
            username=f"learner{number:03d}", password=password, first_name=name,
            date_joined=joined,
        )  # fmt: skip
        profile = LearnerProfile.objects.create(
            user=user,
            place=rng.choice(places) if places else None,
            consented_at=joined,
        )
        profile.audiences.set(
            rng.sample(audiences, k=min(len(audiences), rng.randint(1, 2)))
        )
        if rng.random() < 0.85:  # some sign up and never start
            _history(rng, user, courses, now)
    resident = users.objects.filter(username="resident").first()
    if resident is not None:  # the demo login gets a history too
        LearnerProfile.objects.get_or_create(
            user=resident,
            defaults={"place": places[0] if places else None, "consented_at": now},
        )
        _history(rng, resident, courses, now)
