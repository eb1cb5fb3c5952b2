"""Builds the demo network, topics, courses and accounts (seed_demo).

Idempotent: pages are found by slug under their parent and left alone if they
exist, so re-running never duplicates and never overwrites an editor's work.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from institutions.models import (
    CityCentrePage,
    DistrictCollegePage,
    InstitutionEditorGroup,
    TownshipSchoolPage,
    VillagePointPage,
)
from institutions.services import institution_groups_sync_all
from resources.models import (
    Audience,
    ContributorRole,
    CourseContributor,
    CoursePage,
    LessonContributor,
    LessonPage,
    LocalTheme,
    Topic,
)
from stats import rollup

from . import data
from .brands import seed_brands
from .community import seed_community
from .learners import seed_learners
from .lessons import LESSONS
from .media import demo_media_lessons_seed
from .pages import add_page, page_at

COURSE_FORMAT = (
    "课程采用“线下课堂 + 微课回看”的方式，适合零基础居民参加。"
    "每节微课 5 到 15 分钟，学完可在学习记录中查看学时。"
)


def _spread(slug: str, span: int) -> int:
    """A stable pseudo-random number in [0, span) derived from a slug."""
    return int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16) % span


def _upsert(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    return add_page(parent, model(slug=slug, **fields))


def _replace_welcome_page(root: Page) -> None:
    for page in Page.objects.child_of(root).filter(content_type__model="page"):
        page.delete()


def _city() -> CityCentrePage:
    root = Page.get_first_root_node()
    city = CityCentrePage.objects.first()
    if city is None:
        _replace_welcome_page(root)
        city = _upsert(root, CityCentrePage, **data.CITY)
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True
    )
    # Links in mail (approvals, reminders) use the site's address: the one
    # the demo is served on, port included.
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site.hostname = address.hostname or "localhost"
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.root_page = city
    site.site_name = "社区学习超市"
    site.save()
    return city


def _network(city: CityCentrePage) -> None:
    for (
        title,
        slug,
        short,
        intro,
        address,
        lat,
        lon,
        phone,
        population,
        townships,
    ) in data.DISTRICTS:
        district = _upsert(
            city,
            DistrictCollegePage,
            slug,
            title=title,
            introduction=intro,
            address=address,
            latitude=Decimal(lat),
            longitude=Decimal(lon),
            contact_name="教务办",
            phone=phone,
            opening_hours=data.HOURS_CITY,
            population_served=population,
            # A few townships and villages still lack a school or teaching point.
            townships_total=len(townships) + _spread(slug, 3),
        )
        for t_title, t_slug, t_lat, t_lon, t_population, villages in townships:
            place = t_title.removesuffix("社区学校")
            township = _upsert(
                district,
                TownshipSchoolPage,
                t_slug,
                title=t_title,
                introduction=f"{place}社区学校设在{place}综合文化站，面向辖区居民开展"
                "老年教育、技能培训和家庭教育，统筹各村（居）教学点的课程安排。",
                address=f"新余市{short}{place}综合文化站二楼",
                latitude=Decimal(t_lat),
                longitude=Decimal(t_lon),
                contact_name=f"{place}文化站",
                phone=f"0790-{6100000 + _spread(t_slug, 899999)}",
                opening_hours=data.HOURS_TOWNSHIP,
                population_served=t_population,
                villages_total=len(villages) + _spread(t_slug, 4),
            )
            for v_title, v_slug in villages:
                v_place = v_title.removesuffix("教学点")
                _upsert(
                    township,
                    VillagePointPage,
                    v_slug,
                    title=v_title,
                    introduction=f"{v_place}教学点设在{v_place}党群服务中心，"
                    "开设夜校和周末课堂，居民走几步路就能上课。",
                    address=f"新余市{short}{place}{v_place}党群服务中心",
                    latitude=Decimal(t_lat)
                    + Decimal(_spread(v_slug, 400) - 200) / 10_000,
                    longitude=Decimal(t_lon)
                    + Decimal(_spread(v_slug + "x", 400) - 200) / 10_000,
                    contact_name=f"{v_place}网格员",
                    phone=f"139{_spread(v_slug, 10**8):08d}",
                    opening_hours=data.HOURS_VILLAGE,
                    population_served=1_500 + _spread(v_slug, 4_500),
                )


def _topics() -> dict[str, Topic]:
    topics = {}
    for order, (slug, name, symbol, description) in enumerate(data.TOPICS):
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "symbol": symbol,
                "description": description,
                "sort_order": order,
            },
        )
    return topics


def _labels(model, rows) -> dict:
    return {
        slug: model.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )[0]
        for order, (slug, name) in enumerate(rows)
    }


def _lesson_body(paragraphs: list[str], points: list[str], quiz) -> list:
    html = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    body = [("text", RichText(html)), ("key_points", {"points": points})]
    if quiz:
        question, choices, explanation = quiz
        body.append(
            (
                "quiz",
                {
                    "question": question,
                    "multiple": sum(correct for _, correct in choices) > 1,
                    "choices": [{"text": t, "correct": c} for t, c in choices],
                    "explanation": explanation,
                },
            )
        )
    return body


def _lessons(course: CoursePage, teacher: str) -> None:
    for slug, title, unit, minutes, summary, paragraphs, points, quiz in LESSONS.get(
        course.slug, []
    ):
        if LessonPage.objects.child_of(course).filter(slug=slug).exists():
            continue
        lesson = LessonPage(
            slug=slug,
            title=title,
            unit=unit,
            duration_minutes=minutes,
            summary=summary,
            body=_lesson_body(paragraphs, points, quiz),
        )
        lesson.contributors = [
            LessonContributor(name=teacher, role=ContributorRole.LEAD)
        ]
        course.add_child(instance=lesson)
        lesson.save_revision().publish()


def _first_lesson_expected(index: int) -> datetime.date:
    """A course still being made says when its first lesson comes: the first
    of a month two to four months after seeding."""
    today = timezone.localdate()
    month = today.month + 2 + index % 3
    return datetime.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _courses(city: CityCentrePage, topics: dict[str, Topic]) -> None:
    audiences = _labels(Audience, data.AUDIENCES)
    themes = _labels(LocalTheme, data.LOCAL_THEMES)
    for index, row in enumerate(data.COURSES):
        slug_path, slug, title, topic, teacher, hours, summary = row
        parent = page_at(city, slug_path)
        course = CoursePage.objects.child_of(parent).filter(slug=slug).first()
        if course is None:
            who, theme, featured, difficulty, credits = data.COURSE_DETAILS.get(
                slug, (["everyone"], "", False, "beginner", "0.5")
            )
            course = CoursePage(
                slug=slug,
                title=title,
                topic=topics[topic],
                hours=hours,
                summary=summary,
                local_theme=themes.get(theme),
                featured=featured,
                difficulty=difficulty,
                credits=Decimal(credits),
                body=f"<p>{escape(summary)}</p><p>{COURSE_FORMAT}</p>",
                lessons_expected=(
                    None if LESSONS.get(slug) else _first_lesson_expected(index)
                ),
            )
            course.audiences = [audiences[a] for a in who]
            course.contributors = [
                CourseContributor(name=teacher, role=ContributorRole.LEAD)
            ]
            parent.add_child(instance=course)
            course.save_revision().publish()
        _lessons(course, teacher)


def _users(city: CityCentrePage) -> None:
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "first_name": "系统管理员",
            "email": "admin@example.cn",
        },
    )
    if created:
        admin.set_password(data.DEMO_PASSWORD)
        admin.save()
    for username, name, slug_path, email in data.DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": name, "email": email}
        )
        if created:
            user.set_password(data.DEMO_PASSWORD)
            user.save()
        if slug_path is not None:
            page = page_at(city, slug_path)
            user.groups.add(InstitutionEditorGroup.objects.get(page=page).group)


@transaction.atomic
def demo_seed(*, catalogue_only: bool = False, media: bool = True) -> CityCentrePage:
    """Build (or top up) the whole demo and return the city's page.

    `catalogue_only` stops after the network, courses and staff accounts: what
    the supermarket needs, in about half the time. `media` adds the video and
    audio lessons, made here with ffmpeg and sent through the real pipeline
    (their transcodes are queued when the seed commits).
    """
    city = _city()
    _network(city)
    _courses(city, _topics())
    institution_groups_sync_all()
    _users(city)
    if not catalogue_only:
        seed_learners(city)
        seed_community(city)
        seed_brands(city)
        _statistics(city)
        if media:
            demo_media_lessons_seed(city=city)
    return city


def _statistics(city: CityCentrePage) -> None:
    """The statistics rollup for the past year and a bit."""
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    start = (today - timedelta(days=400)).replace(day=1)
    rollup.rebuild(start, (today.replace(day=28) + timedelta(days=4)).replace(day=1))
