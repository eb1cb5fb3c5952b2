from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from institutions.models import (
    CityCentrePage,
    DistrictCollegePage,
    TownshipSchoolPage,
    VillagePointPage,
)
from resources.models import CoursePage, Topic

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    from community.models import EventRegistration, LearningGroup, Rating
    from media_pipeline.models import MediaAsset
    from resources.models import CourseCompletion, LessonPage, LessonProgress

    return {
        "districts": DistrictCollegePage.objects.live().count(),
        "townships": TownshipSchoolPage.objects.live().count(),
        "villages": VillagePointPage.objects.live().count(),
        "courses": CoursePage.objects.live().count(),
        "lessons": LessonPage.objects.count(),
        "media": MediaAsset.objects.count(),
        "topics": Topic.objects.count(),
        "users": get_user_model().objects.count(),
        "progress": LessonProgress.objects.count(),
        "completions": CourseCompletion.objects.count(),
        "registrations": EventRegistration.objects.count(),
        "ratings": Rating.objects.count(),
        "groups": LearningGroup.objects.count(),
    }


def test_seed_demo_builds_the_network_once(demo, demo_seed_output):
    """Running seed_demo again leaves one of everything, not two: the network,
    courses and lessons, learners and their history, registrations, ratings
    and groups; it adds only the three media lessons, which the `demo`
    snapshot leaves out (--no-media).

    `demo` is the command run on a freshly migrated database and then again
    on top of that (its catalogue first, then the rest), so this is the
    command's third run; the others read the snapshot. Each run prints the
    demo logins."""
    first = _counts()
    again = seed()
    after = _counts()
    assert after == {**first, "media": 3, "lessons": first["lessons"] + 3}
    for username in ("admin", "city_editor", "district_editor", "township_teacher"):
        assert username in demo_seed_output and username in again
    assert after["districts"] == 4
    assert after["townships"] == 12
    assert after["villages"] == 36
    assert after["topics"] == 8
    assert after["courses"] >= 16
    assert CityCentrePage.objects.get().city_name == "新余市"


def test_every_content_area_has_courses(demo):
    for topic in Topic.objects.all():
        assert CoursePage.objects.live().filter(topic=topic).exists(), topic.name


def test_demo_accounts_have_their_roles(demo):
    users = get_user_model().objects
    chengnan = TownshipSchoolPage.objects.get(slug="chengnan")
    teacher = users.get(username="township_teacher")
    assert chengnan.permissions_for_user(teacher).can_edit()
    assert not chengnan.permissions_for_user(teacher).can_publish()
    assert (
        not TownshipSchoolPage.objects.get(slug="luofang")
        .permissions_for_user(teacher)
        .can_edit()
    )
    resident = users.get(username="resident")
    assert not resident.has_perm("wagtailadmin.access_admin")
    assert users.get(username="city_editor").has_perm("wagtailadmin.access_admin")


def test_demo_learners_have_a_year_of_consistent_history(demo):
    from django.db.models import Count

    from resources import credit_bank
    from resources.models import (
        Certificate,
        CourseCompletion,
        CreditEntry,
        LearnerProfile,
        LessonProgress,
    )

    profiles = LearnerProfile.objects.filter(user__username__startswith="learner")
    assert profiles.count() == 60
    assert profiles.filter(place__isnull=False).count() == 60
    assert profiles.values("place").distinct().count() >= 20  # spread out
    completions = CourseCompletion.objects.all()
    assert completions.count() >= 15
    for completion in completions:
        entries = CreditEntry.objects.filter(
            award_key=credit_bank.award_key(completion.learner, completion.course)
        )
        assert (
            entries.count() == 1 and entries.get().amount == completion.course.credits
        )
        assert Certificate.objects.filter(completion=completion).exists()
    finished = LessonProgress.objects.filter(completed_at__isnull=False)
    months = {row.completed_at.strftime("%Y-%m") for row in finished}
    assert len(months) >= 6
    assert LessonProgress.objects.filter(completed_at__isnull=True).exists()
    per_learner = LessonProgress.objects.values("learner").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_learner) > 1


def test_demo_has_venues_in_every_district_and_events_with_people(demo):
    from django.utils import timezone

    from community.models import EventPage, EventRegistration, VenuePage
    from resources import credit_bank
    from resources.models import CreditEntry

    for district in DistrictCollegePage.objects.all():
        assert VenuePage.objects.live().descendant_of(district).count() >= 2
    assert VenuePage.objects.filter(latitude__isnull=True).exists()
    now = timezone.now()
    assert EventPage.objects.filter(ends_at__lt=now).count() >= 4
    assert EventPage.objects.filter(starts_at__gt=now).count() >= 5
    attended = EventRegistration.objects.filter(checked_in_at__isnull=False)
    assert attended.count() >= 10
    assert EventRegistration.objects.filter(status="waiting").exists()
    for row in attended.filter(event__credits__gt=0):
        key = credit_bank.event_award_key(row.learner_id, row.event_id)
        assert CreditEntry.objects.get(award_key=key).amount == row.event.credits
    for event in EventPage.objects.all():
        confirmed = event.registrations.filter(status="confirmed").count()
        assert confirmed <= event.capacity


def test_demo_has_community_life_to_show(demo):
    from community.models import (
        Comment,
        CommunityBrandPage,
        CompetitionVote,
        CourseSurvey,
        LearningGroup,
        LearningStarPage,
        Rating,
        ShowcaseCompetitionPage,
    )

    brands = CommunityBrandPage.objects.live()
    assert brands.count() >= 5
    for district in DistrictCollegePage.objects.all():
        assert brands.descendant_of(district).exists()
    assert LearningGroup.objects.count() >= 6
    assert Rating.objects.count() >= 30
    assert Comment.objects.filter(status="approved").exists()
    assert Comment.objects.filter(status="pending").exists()
    assert CourseSurvey.objects.exists()
    assert LearningStarPage.objects.live().count() >= 2
    closed, open_now = ShowcaseCompetitionPage.objects.order_by("opens_at")
    assert closed.is_closed and open_now.is_open
    assert CompetitionVote.objects.filter(competition=closed).count() > 10


def test_catalogue_only_seed_leaves_out_residents_and_community_life(
    demo_catalogue,
):
    from community.models import EventPage

    assert CoursePage.objects.live().count() >= 16
    assert not get_user_model().objects.filter(username="learner001").exists()
    assert not EventPage.objects.exists()
