"""Staff see the records of their own institutions' learners, and no others."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cms.models import DistrictCollegePage
from resources.models import LearnerProfile

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=StringIO())
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
