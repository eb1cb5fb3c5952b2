"""Staff see the records of their own institutions' learners, and no others."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from institutions.models import DistrictCollegePage
from resources.models import LearnerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo):
    yushui = DistrictCollegePage.objects.get(slug="yushui")
    profiles = LearnerProfile.objects.filter(user__username__startswith="learner")
    inside = profiles.filter(place__path__startswith=yushui.path).first().user
    outside = profiles.exclude(place__path__startswith=yushui.path).first().user
    return inside, outside


def _as(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_district_editor_sees_only_learners_of_the_district(client, demo):
    inside, outside = demo
    editor = _as(client, "district_editor")
    listing = editor.get("/admin/learners/").content.decode()
    assert inside.username in listing and outside.username not in listing
    assert editor.get(f"/admin/learners/{inside.pk}/").status_code == 200
    for suffix in ("", "record.json", "record.pdf"):
        assert editor.get(f"/admin/learners/{outside.pk}/{suffix}").status_code == 404
    data = editor.get(f"/admin/learners/{inside.pk}/record.json").json()
    assert data["learner"]["name"] == inside.first_name


def test_the_city_sees_everyone_and_residents_see_no_staff_pages(client, demo):
    inside, outside = demo
    city = _as(client, "city_editor")
    assert city.get(f"/admin/learners/{outside.pk}/").status_code == 200
    resident = _as(client, "resident")
    assert resident.get(f"/admin/learners/{inside.pk}/").status_code == 302


def test_staff_revoke_credit_and_certificates_with_a_reason(client, demo):
    from resources import credit_bank
    from resources.models import Certificate, CreditEntry

    inside, outside = demo
    learner = (
        CreditEntry.objects.filter(learner__username__startswith="learner")
        .filter(learner__learner_profile__place__path__startswith=DistrictCollegePage
                .objects.get(slug="yushui").path)
        .first().learner
    )  # fmt: skip
    entry = CreditEntry.objects.filter(learner=learner, kind="earned").first()
    before = credit_bank.balance(learner)
    editor = _as(client, "district_editor")
    url = f"/admin/learners/{learner.pk}/revoke/"
    editor.post(url, {"entry": entry.pk, "reason": ""})
    assert credit_bank.balance(learner) == before  # a reason is required
    editor.post(url, {"entry": entry.pk, "reason": "重复登记"})
    reversal = entry.reversal
    assert reversal.actor.username == "district_editor"
    assert credit_bank.balance(learner) == before - entry.amount
    certificate = Certificate.objects.filter(learner=learner).first()
    editor.post(url, {"certificate": certificate.pk, "reason": "代学"})
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "代学"
    other = CreditEntry.objects.filter(learner=outside).first()
    if other is not None:
        response = editor.post(f"/admin/learners/{outside.pk}/revoke/",
                               {"entry": other.pk, "reason": "x"})  # fmt: skip
        assert response.status_code == 404
