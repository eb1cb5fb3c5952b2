"""The learner's endpoints: beacons, "I have finished" and "my learning" only
ever touch the signed-in learner's own rows; bad input gets a clear answer."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageViewRestriction

from resources.models import LessonProgress
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(city):
    course = CoursePageFactory(parent=city.townships[0], title="防诈骗")
    return LessonPageFactory(parent=course, title="冒充客服", duration_minutes=8)


@pytest.fixture
def learner(client):
    user = get_user_model().objects.create_user("learner", password="x")
    client.force_login(user)
    return user


def _beacon(client, lesson_id, payload, **extra):
    return client.post(
        f"/api/v1/lessons/{lesson_id}/progress/",
        payload if isinstance(payload, (bytes, str)) else json.dumps(payload),
        content_type="application/json",
        **extra,
    )


def test_a_beacon_is_recorded_for_the_signed_in_learner(client, learner, lesson):
    page = client.get(lesson.url).content.decode()
    view = re.search(r'data-progress-view="([^"]+)"', page)[1]
    assert _beacon(client, lesson.pk, {"elapsed": 0, "view": view}).status_code == 200
    LessonProgress.objects.filter(learner=learner).update(
        started_at=timezone.now() - timedelta(seconds=30)
    )  # half a minute of real playing later
    response = _beacon(client, lesson.pk, {"ranges": [[0, 20]], "elapsed": 20,
                                           "position": 20, "view": view})  # fmt: skip
    assert response.status_code == 200
    assert response.json() == {"position": 20.0, "watched_seconds": 20.0,
                               "share": 0.042, "completed": False}  # fmt: skip
    assert LessonProgress.objects.get(learner=learner).position == 20


def test_anonymous_beacons_are_refused_in_the_users_language(client, lesson):
    response = _beacon(client, lesson.pk, {"ranges": [[0, 20]], "elapsed": 20})
    assert response.status_code == 401 and "登录" in response.json()["error"]
    english = _beacon(client, lesson.pk, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert "sign in" in english.json()["error"].lower()
    assert not LessonProgress.objects.exists()


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        (b"{not json", 400),
        ("[1, 2]", 400),
        (json.dumps({"ranges": [[0, 1]] * 5000}), 413),
        (json.dumps({"ranges": 5}), 400),
        (json.dumps({"ranges": "0-90"}), 400),
    ],
    ids=["not-json", "not-an-object", "too-big", "ranges-a-number", "ranges-text"],
)
def test_bad_beacons_get_a_clear_error_and_change_nothing(
    client, learner, lesson, payload, status
):
    response = _beacon(client, lesson.pk, payload)
    assert response.status_code == status and response.json()["error"]
    assert not LessonProgress.objects.exists()


def test_hidden_unknown_and_restricted_lessons_are_404(client, learner, lesson):
    unknown = _beacon(client, 999_999, {})
    assert unknown.status_code == 404 and "找不到" in unknown.json()["error"]
    huge = _beacon(client, 10**20, {})  # beyond any integer column
    assert huge.status_code == 404 and huge.json()["error"]
    lesson.unpublish()
    assert _beacon(client, lesson.pk, {}).status_code == 404
    lesson.save_revision().publish()
    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.PASSWORD, password="p"
    )
    assert _beacon(client, lesson.pk, {}).status_code == 404
    assert client.post(f"/lessons/{lesson.pk}/finished/").status_code == 404


def test_my_learning_shows_only_my_own_rows(client, learner, lesson):
    other = get_user_model().objects.create_user("other", password="x")
    LessonProgress.objects.create(
        learner=other, lesson=lesson, watched_seconds=100, duration=480
    )
    page = client.get("/me/learning/")
    assert page.status_code == 200 and lesson.title not in page.content.decode()
    client.post(f"/lessons/{lesson.pk}/finished/")
    assert lesson.title in client.get("/me/learning/").content.decode()
    assert LessonProgress.objects.get(learner=other).completed_at is None


def test_learner_pages_need_sign_in(client, lesson):
    assert client.get("/me/learning/").status_code == 302
    assert client.post(f"/lessons/{lesson.pk}/finished/").status_code == 302
    assert client.get(f"/api/v1/lessons/{lesson.pk}/progress/").status_code == 405


def test_my_learning_has_a_plain_title(client, learner):
    import re

    html = client.get("/me/learning/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "我的学习" in title and "<" not in title
    assert html.count('id="credit-heading"') == 1
