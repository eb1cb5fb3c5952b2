"""The admin's sign-in is throttled like the residents', and its password
reset cannot be used to flood an editor's inbox."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from cms import admin_forms
from core import signin
from institutions.services import institution_group_sync

pytestmark = pytest.mark.django_db
PASSWORD = "Township-teacher-2026"


@pytest.fixture
def teacher(city):
    user = get_user_model().objects.create_user(
        "liteacher", email="li@example.cn", password=PASSWORD
    )
    user.groups.add(institution_group_sync(page=city.townships[0]))
    return user


def _sign_in(client, password):
    return client.post("/admin/login/", {"username": "liteacher", "password": password})


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(client, teacher):
    for _ in range(40):
        response = _sign_in(client, "guess")
    assert "尝试次数太多了" in response.content.decode()
    assert "尝试次数太多了" in _sign_in(client, PASSWORD).content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_few_typos_still_sign_in(client, teacher):
    for _ in range(signin.ACCOUNT_CLIENT_FAILURES - 1):
        _sign_in(client, "guess")
    assert _sign_in(client, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reset_mail_is_limited_per_address(client, teacher):
    for _ in range(10):
        response = client.post("/admin/password_reset/", {"email": "li@example.cn"})
        assert response.status_code == 302  # the same answer every time
    assert len(mail.outbox) == admin_forms.RESET_MAILS_PER_ADDRESS
