"""Residents' accounts: sign-up with consent, sign-in by mobile number, and
deletion that erases the person but keeps the anonymous figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import authenticate, get_user_model

from resources import progress
from resources.models import (
    Audience,
    Certificate,
    CreditEntry,
    LearnerProfile,
    LessonProgress,
)
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Xinyu-2026-learn"


def _signup(client, **fields):
    data = {"username": "wangayi", "first_name": "王阿姨", "password1": PASSWORD,
            "password2": PASSWORD, "consent": "on", **fields}  # fmt: skip
    return client.post("/accounts/signup/", {k: v for k, v in data.items() if v})


def test_signup_with_phone_place_and_audience_then_sign_in_by_phone(client, city):
    elderly = Audience.objects.create(name="老年人", slug="elderly")
    village = city.villages[0]
    response = _signup(client, phone="13912345678", place=village.pk,
                       audiences=[elderly.pk])  # fmt: skip
    assert response.status_code == 302
    profile = LearnerProfile.objects.get(user__username="wangayi")
    assert profile.phone == "13912345678" and profile.place_id == village.pk
    assert list(profile.audiences.all()) == [elderly] and profile.consented_at
    assert authenticate(username="13912345678", password=PASSWORD) == profile.user
    assert authenticate(username="13912345678", password="wrong") is None
    client.logout()
    login = client.post("/accounts/login/", {"username": "13912345678",
                                              "password": PASSWORD})  # fmt: skip
    assert login.status_code == 302


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"consent": ""}, "请先阅读并同意"),
        ({"phone": "12345"}, "请填写 11 位手机号"),
    ],
    ids=["no-consent", "bad-phone"],
)
def test_signup_errors_are_clear_and_create_nothing(client, city, fields, message):
    response = _signup(client, **fields)
    assert response.status_code == 200 and message in response.content.decode()
    assert not get_user_model().objects.filter(username="wangayi").exists()


def test_a_phone_number_signs_up_once(client, city):
    _signup(client, phone="13912345678")
    client.logout()
    again = _signup(client, username="wang2", phone="13912345678")
    assert "已经注册过了" in again.content.decode()


def test_deleting_an_account_erases_the_person_and_keeps_the_figures(client, city):
    _signup(client, phone="13912345678", place=city.villages[0].pk)
    user = get_user_model().objects.get(username="wangayi")
    course = CoursePageFactory(parent=city.townships[0], credits=Decimal("1.0"))
    progress.mark_finished(user, LessonPageFactory(parent=course))
    code = Certificate.objects.get(learner=user).code

    wrong = client.post("/accounts/delete/", {"password": "nope"})
    assert "密码不对" in wrong.content.decode()
    assert client.post("/accounts/delete/", {"password": PASSWORD}).status_code == 302

    user.refresh_from_db()
    assert user.username.startswith("deleted-") and not user.first_name
    assert not user.is_active and not user.has_usable_password()
    profile = LearnerProfile.objects.get(user=user)
    assert profile.phone is None and profile.deleted_at
    assert profile.place_id == city.villages[0].pk  # counted, not named
    assert LessonProgress.objects.filter(learner=user).count() == 1
    assert CreditEntry.objects.filter(learner=user).count() == 1
    assert authenticate(username="13912345678", password=PASSWORD) is None
    page = client.get(f"/verify/{code}/").content.decode()
    assert "撤销" in page and "王阿姨" not in page and "王*" not in page
    assert client.get("/me/learning/").status_code == 302  # signed out
