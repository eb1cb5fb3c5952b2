"""Every learner endpoint, tried by a visitor and by another learner: sign-in
first, or 404 / an empty answer, never someone else's data."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from resources import progress
from resources.models import Certificate, Favourite, LessonProgress
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_data(city):
    owner = get_user_model().objects.create_user("owner", password="x",
                                                 first_name="赵奶奶")  # fmt: skip
    course = CoursePageFactory(parent=city.townships[0], title="手机拍照",
                               credits=Decimal("1"))  # fmt: skip
    lesson = LessonPageFactory(parent=course, title="构图三分法")
    progress.mark_finished(owner, lesson)
    Favourite.objects.create(learner=owner, page=course)
    return owner, Certificate.objects.get(learner=owner), lesson


GETS = ["/me/learning/", "/me/record/", "/me/record.json", "/me/record.pdf",
        "/me/record.xapi.json"]  # fmt: skip


def test_visitors_are_sent_to_sign_in(client, owner_data):
    owner, certificate, lesson = owner_data
    code = certificate.code
    for url in [*GETS, f"/me/certificates/{code}.pdf",
                f"/me/certificates/{code}/badge.json"]:  # fmt: skip
        assert client.get(url).status_code == 302, url
    for url in [f"/lessons/{lesson.pk}/finished/", f"/me/favourites/{lesson.pk}/",
                "/me/conversions/", f"/me/certificates/{code}/name/"]:  # fmt: skip
        assert client.post(url).status_code == 302, url
    assert client.post(f"/api/v1/lessons/{lesson.pk}/progress/").status_code == 401


def test_another_learner_never_sees_the_owners_data(client, owner_data):
    owner, certificate, lesson = owner_data
    client.force_login(get_user_model().objects.create_user("other", password="x"))
    for url in GETS:
        body = client.get(url).content
        assert "赵奶奶".encode() not in body and "手机拍照".encode() not in body, url
    code = certificate.code
    assert client.get(f"/me/certificates/{code}.pdf").status_code == 404
    assert client.get(f"/me/certificates/{code}/badge.json").status_code == 404
    name = client.post(f"/me/certificates/{code}/name/", {"name_shown": "full"})
    assert name.status_code == 404
    certificate.refresh_from_db()
    assert certificate.name_shown == "masked"
    assert LessonProgress.objects.filter(learner=owner).count() == 1
    assert Favourite.objects.filter(learner=owner).count() == 1


def test_favourites_toggle_for_visible_pages_only(client, owner_data, city):
    owner, _, lesson = owner_data
    client.force_login(owner)
    assert client.post(f"/me/favourites/{lesson.pk}/").status_code == 302
    assert Favourite.objects.filter(learner=owner, page=lesson).exists()
    assert "构图三分法" in client.get("/me/learning/").content.decode()
    client.post(f"/me/favourites/{lesson.pk}/")
    assert not Favourite.objects.filter(learner=owner, page=lesson).exists()
    assert client.post(f"/me/favourites/{city.city.pk}/").status_code == 404
    lesson.unpublish()
    assert client.post(f"/me/favourites/{lesson.pk}/").status_code == 404
