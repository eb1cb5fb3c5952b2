"""Brand pages (readable colours), the showcase, one-vote competitions (also
under racing requests), and learning-star nominations."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageViewRestriction

from community import colours, feedback, showcase, stories
from community import registration as registration_service
from community.models import (
    BrandShowcasePage,
    CommunityBrandPage,
    CompetitionEntry,
    CompetitionVote,
    LearningStarPage,
    ShowcaseCompetitionPage,
    StarNomination,
)
from institutions.services import institution_group_sync
from resources import progress
from resources.models import LearnerProfile
from tests.factories.community import EventPageFactory
from tests.factories.institutions import (
    CoursePageFactory,
    LessonPageFactory,
    network,
)
from tests.race import race


@pytest.mark.parametrize(
    "colour", ["#ffff00", "#777777", "#0b5d48", "#ff8800", "#000000", "#ffffff"]
)
def test_any_brand_colour_gives_readable_text(colour):
    background, text = colours.band(colour)
    assert colours.contrast(background, text) >= 4.5
    assert colours.contrast(colours.readable_on_white(colour), "#ffffff") >= 4.5


@pytest.mark.django_db
@pytest.mark.parametrize("colour", ["red", "#fff", "#12345g", "#000000;}body{"])
def test_only_hex_colours_are_accepted(colour):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        CommunityBrandPage._meta.get_field("colour").run_validators(colour)
    assert CommunityBrandPage(colour=colour).safe_colour == "#0b5d48"


def _brand(parent, title, colour="#0b5d48"):
    brand = CommunityBrandPage(
        title=title, slogan="学在家门口", introduction="社区居民一起学。", colour=colour
    )
    parent.add_child(instance=brand)
    brand.save_revision().publish()
    return brand


@pytest.fixture
def competition(db):
    city = network()
    showcase_page = BrandShowcasePage(title="一社区一品牌", introduction="全市社区品牌")
    city.city.add_child(instance=showcase_page)
    brands = [_brand(city.villages[0], "北湖夕阳红", "#ffff00"),
              _brand(city.townships[2], "罗坊夏布绣")]  # fmt: skip
    page = ShowcaseCompetitionPage(
        title="2026 社区文化展演评比", introduction="选出你最喜欢的节目",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    page.entries = [
        CompetitionEntry(brand=brands[0], programme="广场舞"),
        CompetitionEntry(brand=brands[1], programme="夏布绣走秀"),
    ]
    showcase_page.add_child(instance=page)
    page.save_revision().publish()
    return page, brands, city


_NUMBERS = itertools.count(1)


def _voters(n: int, prefix: str = "voter", *, verified: bool = True):
    """Residents who may vote: each has verified a mobile number."""
    User = get_user_model()
    voters = [User.objects.create_user(f"{prefix}{i}", password="x") for i in range(n)]
    for voter in voters:
        LearnerProfile.objects.create(
            user=voter,
            phone=f"139{next(_NUMBERS):08d}" if verified else None,
            consented_at=timezone.now(),
        )
    return voters


@pytest.mark.django_db
def test_fresh_accounts_vote_only_after_learning_something(competition):
    """Twenty sign-ups from one script must not turn a competition: an
    account votes once it verified a phone, learned a lesson or attended."""
    page, brands, tree = competition
    fresh, learner, attendee = _voters(3, "fresh", verified=False)
    with pytest.raises(feedback.FeedbackError, match="验证手机号"):
        showcase.vote(page, fresh, brands[0])
    assert not CompetitionVote.objects.exists()

    city = tree.townships[0]
    course = CoursePageFactory(parent=city)
    progress.mark_finished(learner, LessonPageFactory(parent=course))
    assert showcase.vote(page, learner, brands[0])

    event = EventPageFactory(
        parent=city, starts_at=timezone.now() + timedelta(hours=1), capacity=5
    )
    registration = registration_service.register(event, attendee)
    registration_service.check_in(registration, staff=learner)
    assert showcase.vote(page, attendee, brands[1])
    assert CompetitionVote.objects.count() == 2


@pytest.mark.django_db
def test_one_vote_per_resident_and_results_only_after_closing(client, competition):
    page, brands, _ = competition
    a, b = _voters(2)
    showcase.vote(page, a, brands[0])
    with pytest.raises(feedback.FeedbackError, match="投过票"):
        showcase.vote(page, a, brands[1])
    client.force_login(b)
    client.post(f"/competitions/{page.pk}/vote/", {"brand": brands[1].pk})
    response = client.get(page.url).content.decode()
    assert "你已投票" in response and "得票" not in response
    page.closes_at = timezone.now() - timedelta(minutes=1)
    page.save()
    response = client.get(page.url).content.decode()
    assert "评比结果" in response and "50.0%" in response
    with pytest.raises(feedback.FeedbackError, match="截止"):
        showcase.vote(page, _voters(1, "late")[0], brands[0])


def test_a_signed_in_only_competition_takes_votes(client, competition):
    page, brands, _ = competition
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    (voter,) = _voters(1)
    client.force_login(voter)
    response = client.post(f"/competitions/{page.pk}/vote/", {"brand": brands[0].pk})
    assert response.status_code == 302
    assert page.votes.filter(voter=voter).exists()
    response = client.post(f"/competitions/{page.pk}/vote/", {"brand": "²"})
    assert response.status_code == 400 and "编号不对" in response.content.decode()


@pytest.mark.django_db
def test_votes_only_for_entries(client, competition):
    page, brands, tree = competition
    outsider = _brand(tree.villages[3], "未参评")
    (a,) = _voters(1)
    with pytest.raises(feedback.FeedbackError, match="没有参加"):
        showcase.vote(page, a, outsider)
    client.force_login(a)
    client.post(f"/competitions/{page.pk}/vote/", {"brand": "drop table"})
    assert not CompetitionVote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_racing_votes_from_one_resident_count_once(competition):
    page, brands, _ = competition
    (a,) = _voters(1)

    def attempt():
        try:
            return showcase.vote(page, a, brands[0])
        except feedback.FeedbackError:
            return None

    results = race(attempt)
    assert sum(r is not None for r in results) == 1
    assert CompetitionVote.objects.count() == 1


@pytest.mark.django_db
def test_brand_and_showcase_pages(client, competition):
    page, brands, _ = competition
    body = client.get(brands[0].url).content.decode()
    background, text = colours.band("#ffff00")
    assert f"--brand-band:{background};--brand-band-text:{text}" in body
    assert "学在家门口" in body
    listing = client.get("/brands/", follow=True).content.decode()
    assert "北湖夕阳红" in listing and "罗坊夏布绣" in listing and page.title in listing


@pytest.mark.django_db
def test_nominations_are_reviewed_before_a_story_is_published(client, competition):
    _, _, tree = competition
    (resident,) = _voters(1)
    with pytest.raises(feedback.FeedbackError, match="同意"):
        stories.nominate(resident, nominee_name="张奶奶", place=tree.villages[0],
                         story="七十岁学会用手机", consents=False)  # fmt: skip
    client.force_login(resident)
    story = "七十岁学会用手机。\n教会全村老人视频通话。"
    client.post("/stars/nominate/", {
        "nominee_name": "张奶奶", "place": tree.villages[0].pk,
        "story": story, "consents": "on"})  # fmt: skip
    nomination = StarNomination.objects.get()
    assert not LearningStarPage.objects.exists()

    editor = get_user_model().objects.create_user("editor", password="x")
    editor.groups.add(institution_group_sync(page=tree.districts[0]))
    client.force_login(editor)
    assert "张奶奶" in client.get("/admin/star-nominations/").content.decode()
    decision = {"nomination": nomination.pk, "decision": "accept"}
    response = client.post("/admin/star-nominations/", decision)
    story = LearningStarPage.objects.get()
    assert response["Location"] == f"/admin/pages/{story.pk}/edit/"
    assert not story.live and story.get_parent().pk == tree.villages[0].pk
    assert "教会全村老人视频通话" in story.story
    nomination.refresh_from_db()
    assert nomination.status == "accepted" and nomination.story_page == story
