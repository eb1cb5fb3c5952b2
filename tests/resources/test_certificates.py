"""Certificates: issued once on completion, verified publicly (valid, revoked,
unknown), rate-limited against guessing, and a PDF only for the holder."""

from __future__ import annotations

import json
from decimal import Decimal

import pypdfium2
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from resources import certificates, progress
from resources.models import Certificate
from resources.views.certificates import VERIFY_MISSES
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.delete("ratelimit:verify:127.0.0.1")


@pytest.fixture
def certificate(city):
    learner = get_user_model().objects.create_user(
        "wangayi", password="x", first_name="王秀英"
    )
    course = CoursePageFactory(
        parent=city.townships[0], title="智能手机入门", hours=6, credits=Decimal("1.0")
    )
    lesson = LessonPageFactory(parent=course, title="认识微信")
    progress.mark_finished(learner, lesson)
    return Certificate.objects.get(learner=learner)


def test_completion_issues_one_certificate_with_what_was_certified(certificate, city):
    assert certificate.course_title == "智能手机入门"
    assert certificate.institution_name == city.townships[0].title
    assert (certificate.hours, certificate.credits) == (6, Decimal("1.0"))
    assert certificates.issue(certificate.completion) == certificate
    assert Certificate.objects.count() == 1


def test_codes_are_long_random_and_unambiguous():
    codes = {certificates.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 20 and not set(code) & set("01IO") for code in codes)


def test_a_valid_certificate_shows_what_the_holder_chose(client, certificate):
    page = client.get(f"/verify/{certificate.code}/")
    html = page.content.decode()
    assert page.status_code == 200 and "证书真实有效" in html
    assert "王**" in html and "王秀英" not in html and "智能手机入门" in html
    client.force_login(certificate.learner)
    client.post(f"/me/certificates/{certificate.code}/name/", {"name_shown": "full"})
    assert "王秀英" in client.get(f"/verify/{certificate.code}/").content.decode()


def test_verify_does_not_name_a_private_course(client, certificate):
    course = certificate.completion.course
    PageViewRestriction.objects.create(
        page=course, restriction_type=PageViewRestriction.LOGIN
    )
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "证书真实有效" in html and "智能手机入门" not in html
    assert "不公开的课程" in html


def test_typed_codes_with_dashes_and_lower_case_are_found(client, certificate):
    typed = certificate.display_code.lower()
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


def test_revoked_and_unknown_certificates_say_so_plainly(client, certificate):
    certificates.revoke(certificate, reason="重复颁发")
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "撤销，不再有效" in page and "重复颁发" in page and "真实有效" not in page
    unknown = client.get("/verify/ABCDEFGHJKLMNPQRSTUV/")
    assert unknown.status_code == 404 and "查无此证书" in unknown.content.decode()
    assert client.get("/verify/%E2%80%94/").status_code == 404


def test_guessing_codes_is_rate_limited_per_client(client, certificate):
    for _ in range(VERIFY_MISSES):
        client.get("/verify/ABCDEFGHJKLMNPQRSTUV/")
    limited = client.get(f"/verify/{certificate.code}/")
    assert limited.status_code == 429 and "太频繁" in limited.content.decode()
    # Another client (a desk scanning QR codes elsewhere) is not blocked.
    elsewhere = client.get(f"/verify/{certificate.code}/", REMOTE_ADDR="10.3.3.3")
    assert elsewhere.status_code == 200


def test_checking_real_certificates_is_never_limited(client, certificate):
    for _ in range(VERIFY_MISSES * 2):
        assert client.get(f"/verify/{certificate.code}/").status_code == 200


def test_the_pdf_is_the_holders_alone_and_embeds_its_chinese_font(client, certificate):
    url = f"/me/certificates/{certificate.code}.pdf"
    assert client.get(url).status_code == 302  # sign in first
    other = get_user_model().objects.create_user("other", password="x")
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(certificate.learner)
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"/FontFile" in response.content  # embedded, not left to the reader
    document = pypdfium2.PdfDocument(response.content)
    text = document[0].get_textpage().get_text_range()
    assert "王秀英" in text and "智能手机入门" in text
    assert certificate.display_code in text


def test_open_badge_and_xapi_exports_are_the_holders_and_well_formed(
    client, certificate
):
    url = f"/me/certificates/{certificate.code}/badge.json"
    client.force_login(get_user_model().objects.create_user("other", password="x"))
    assert client.get(url).status_code == 404
    assert client.get("/me/record.xapi.json").json() == []
    client.force_login(certificate.learner)
    response = client.get(url)
    assert response["Content-Type"] == "application/ld+json"
    badge = json.loads(response.content)
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert badge["id"].endswith(f"/verify/{certificate.code}/")
    subject = badge["credentialSubject"]
    assert subject["achievement"]["name"] == "智能手机入门"
    assert subject["creditsEarned"] == 1.0
    assert "王秀英" not in response.content.decode()  # only a salted hash
    assert subject["identifier"][0]["identityHash"].startswith("sha256$")

    statements = client.get("/me/record.xapi.json").json()
    assert [s["object"]["definition"]["type"].rsplit("/", 1)[1] for s in statements] \
        == ["lesson", "course"]  # fmt: skip
    assert {s["verb"]["id"] for s in statements} == {
        "http://adlnet.gov/expapi/verbs/completed"
    }
    assert statements == client.get("/me/record.xapi.json").json()  # stable ids
