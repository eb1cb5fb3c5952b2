"""Residents' accounts: sign-up with consent, sign-in by mobile number, and
deletion that erases the person but keeps the anonymous figures."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client, override_settings

from core import signin
from resources import accounts, progress, sms
from resources.models import (
    Audience,
    Certificate,
    CreditEntry,
    LearnerProfile,
    LessonProgress,
)
from resources.views import accounts as views
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Xinyu-2026-learn"


def _signup(client, REMOTE_ADDR="127.0.0.1", **fields):
    data = {"username": "wangayi", "first_name": "王阿姨", "password1": PASSWORD,
            "password2": PASSWORD, "consent": "on", **fields}  # fmt: skip
    return client.post(
        "/accounts/signup/",
        {k: v for k, v in data.items() if v},
        REMOTE_ADDR=REMOTE_ADDR,
    )


def _texted_code(phone: str) -> str:
    number, text = sms.outbox[-1]
    assert number == phone
    return re.search(r"验证码 (\d{6})", text).group(1)


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()


def test_signup_with_phone_place_and_audience_then_sign_in_by_phone(client, city):
    elderly = Audience.objects.create(name="老年人", slug="elderly")
    village = city.villages[0]
    response = _signup(client, phone="13912345678", place=village.pk,
                       audiences=[elderly.pk])  # fmt: skip
    assert response.status_code == 302 and "/accounts/phone/confirm/" in response.url
    profile = LearnerProfile.objects.get(user__username="wangayi")
    assert profile.place_id == village.pk and profile.consented_at
    assert list(profile.audiences.all()) == [elderly]
    # The number signs in only once the code texted to it comes back.
    assert profile.phone is None
    assert authenticate(username="13912345678", password=PASSWORD) is None
    wrong = client.post("/accounts/phone/confirm/", {"code": "000000"})
    assert "验证码不对" in wrong.content.decode()
    done = client.post(
        "/accounts/phone/confirm/", {"code": _texted_code("13912345678")}
    )
    assert done.status_code == 302
    profile.refresh_from_db()
    assert profile.phone == "13912345678"
    assert authenticate(username="13912345678", password=PASSWORD) == profile.user
    assert authenticate(username="13912345678", password="wrong") is None
    client.logout()
    login = client.post("/accounts/login/", {"username": "13912345678",
                                              "password": PASSWORD})  # fmt: skip
    assert login.status_code == 302


def _bound(client, phone="13912345678", username="wangayi"):
    _signup(client, username=username, phone=phone)
    client.post("/accounts/phone/confirm/", {"code": _texted_code(phone)})
    client.logout()
    return get_user_model().objects.get(username=username)


def test_a_taken_number_is_not_told_apart_at_sign_up(client, city):
    """Signing up with someone's number looks exactly like a new number;
    only the phone's owner is told, by text, that it has an account."""
    _bound(client)
    fresh = _signup(client, username="newcomer", phone="13800000001")
    client.logout()
    taken = _signup(client, username="stranger", phone="13912345678")
    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    page = client.get(taken.url).content.decode()
    assert "13912345678" not in page and "已经注册" not in page
    assert "已经注册过账号" in sms.outbox[-1][1]
    assert not re.search(r"验证码 \d{6}", sms.outbox[-1][1])
    stranger = get_user_model().objects.get(username="stranger")
    assert stranger.learner_profile.phone is None


def _reset(client, code, password, again=None):
    return client.post(
        "/accounts/reset/confirm/",
        {"code": code, "password1": password, "password2": again or password},
    )


def test_forgotten_password_reset_by_text_message(client, city):
    user = _bound(client)
    unknown = client.post("/accounts/reset/", {"phone": "13700000000"})
    sent = len(sms.outbox)
    known = client.post("/accounts/reset/", {"phone": "13912345678"})
    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url == "/accounts/reset/confirm/"
    assert len(sms.outbox) == sent + 1  # nothing texted to a number without account
    code = _texted_code("13912345678")
    mismatch = _reset(client, code, "New-pass-2026", "other-2026")
    assert "两次输入的密码不一样" in mismatch.content.decode()
    done = _reset(client, code, "New-pass-2026")
    assert done.status_code == 302
    assert authenticate(username="wangayi", password="New-pass-2026") == user
    assert authenticate(username="wangayi", password=PASSWORD) is None
    # A code works once.
    session = client.session
    session["phone_reset"] = "13912345678"
    session.save()
    again = _reset(client, code, "Third-pass-2026")
    assert "验证码不对" in again.content.decode()


def test_five_wrong_codes_spend_the_code(client, city):
    _bound(client)
    client.post("/accounts/reset/", {"phone": "13912345678"})
    code = _texted_code("13912345678")
    wrong = "111111" if code != "111111" else "222222"
    form = {"code": wrong, "password1": "New-pass-2026", "password2": "New-pass-2026"}
    for _ in range(5):
        client.post("/accounts/reset/confirm/", form)
    right = client.post("/accounts/reset/confirm/", {**form, "code": code})
    assert "验证码不对" in right.content.decode()
    assert authenticate(username="wangayi", password="New-pass-2026") is None


def test_text_messages_are_limited_per_number(client, city):
    _bound(client)  # one text for binding the number
    for _ in range(5):
        client.post("/accounts/reset/", {"phone": "13912345678"})
    assert len(sms.outbox) == accounts.CODES_PER_PHONE
    refused = client.post("/accounts/reset/", {"phone": "13912345678"})
    assert refused.status_code == 200 and "短信发得太频繁" in refused.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"consent": ""}, "请先阅读并同意"),
        ({"phone": "12345"}, "请填写 11 位手机号"),
        ({"phone": "１３９１２３４５６７８"}, "请填写 11 位手机号"),
        ({"audiences": ["99999999999999999999"]}, "选择一个有效的选项"),
        ({"place": "²"}, "选择一个有效的选项"),
    ],
    ids=["no-consent", "bad-phone", "fullwidth-digits", "huge-id", "unicode-digit"],
)
def test_signup_errors_are_clear_and_create_nothing(client, city, fields, message):
    response = _signup(client, **fields)
    assert response.status_code == 200 and message in response.content.decode()
    assert not get_user_model().objects.filter(username="wangayi").exists()


def test_deleting_an_account_erases_the_person_and_keeps_the_figures(client, city):
    _signup(client, phone="13912345678", place=city.villages[0].pk)
    client.post("/accounts/phone/confirm/", {"code": _texted_code("13912345678")})
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


class CountingHasher(MD5PasswordHasher):
    """The suite's hasher, counting how often a password is hashed."""

    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def _hashes_for(username: str, password: str) -> int:
    CountingHasher.calls = 0
    authenticate(username=username, password=password)
    return CountingHasher.calls


@override_settings(PASSWORD_HASHERS=["tests.resources.test_accounts.CountingHasher"])
def test_sign_in_does_the_same_work_whether_the_account_exists(client, city):
    """A failed sign-in by a registered number used to hash twice (once per
    backend), so its time told the number apart; now every attempt hashes
    exactly once: unknown name, unknown number, known name, known number."""
    _bound(client)
    assert {
        _hashes_for("nobody", "wrong"),
        _hashes_for("13700000000", "wrong"),
        _hashes_for("wangayi", "wrong"),
        _hashes_for("13912345678", "wrong"),
    } == {1}


def _sign_in(client, username, password, **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, **extra
    )


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(client, city):
    _bound(client)
    for _ in range(40):
        response = _sign_in(client, "wangayi", "guess")
    assert response.status_code == 200
    assert "尝试次数太多了" in response.content.decode()
    right = _sign_in(client, "wangayi", PASSWORD)
    assert right.status_code == 200 and "尝试次数太多了" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_guesser_elsewhere_cannot_lock_the_resident_out(client, city):
    """Failures spread over many addresses stop strangers for that account,
    but the resident's own phone, which signed in before, still gets in."""
    _bound(client)
    assert _sign_in(client, "wangayi", PASSWORD).status_code == 302  # her phone
    device = client.cookies[signin.DEVICE_COOKIE].value
    client.logout()  # the test client drops every cookie; a browser keeps it
    client.cookies[signin.DEVICE_COOKIE] = device
    stranger = Client()
    for n in range(signin.ACCOUNT_FAILURES):
        _sign_in(stranger, "wangayi", "guess", REMOTE_ADDR=f"10.0.{n}.1")
    refused = _sign_in(stranger, "wangayi", PASSWORD, REMOTE_ADDR="10.9.9.9")
    assert "尝试次数太多了" in refused.content.decode()
    assert _sign_in(client, "wangayi", PASSWORD).status_code == 302


def test_number_and_username_share_one_allowance_and_a_reset_lifts_it(client, city):
    _bound(client)
    for name in ("13912345678", "wangayi", "13912345678", " wangayi ", "13912345678"):
        wrong = _sign_in(client, name, "guess")
    assert (
        "对不上" in wrong.content.decode() or "尝试次数太多了" in wrong.content.decode()
    )
    assert "区分大小写" not in wrong.content.decode()
    refused = _sign_in(client, "wangayi", PASSWORD)
    assert "尝试次数太多了" in refused.content.decode()  # five, however typed
    client.post("/accounts/reset/", {"phone": "13912345678"})
    assert (
        _reset(client, _texted_code("13912345678"), "New-pass-2026").status_code == 302
    )
    assert _sign_in(client, "13912345678", "New-pass-2026").status_code == 302


def test_one_client_is_stopped_across_accounts(client, city):
    _bound(client)
    for n in range(signin.CLIENT_FAILURES):
        _sign_in(client, f"someone{n}", "guess")
    refused = _sign_in(client, "wangayi", PASSWORD)
    assert "尝试次数太多了" in refused.content.decode()
    elsewhere = _sign_in(Client(), "wangayi", PASSWORD, REMOTE_ADDR="10.1.1.1")
    assert elsewhere.status_code == 302


def test_sign_ups_are_limited_per_client(client, city):
    for n in range(views.SIGNUPS_PER_CLIENT):
        assert _signup(Client(), username=f"bulk{n}").status_code == 302
    refused = _signup(Client(), username="one-too-many")
    assert refused.status_code == 200 and "注册的账号太多了" in refused.content.decode()
    assert not get_user_model().objects.filter(username="one-too-many").exists()
    neighbour = _signup(Client(), username="neighbour", REMOTE_ADDR="10.2.2.2")
    assert neighbour.status_code == 302
