"""The "near you" picker of the supermarket."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def test_the_near_you_picker_offers_only_public_institutions(client, city):
    hidden = city.townships[0]
    assert hidden.title in client.get("/supermarket/").content.decode()
    PageViewRestriction.objects.create(
        page=hidden, restriction_type=PageViewRestriction.LOGIN
    )
    assert hidden.title not in client.get("/supermarket/").content.decode()
