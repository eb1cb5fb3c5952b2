"""Editors' side of the supermarket in the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from search.models import SearchQuery, Synonym

pytestmark = pytest.mark.django_db


def test_unmet_demand_report_lists_zero_result_queries(client):
    admin = get_user_model().objects.create_superuser("boss", password="pw")
    client.force_login(admin)
    SearchQuery.objects.create(text="量子物理", searches=7, last_results=0)
    SearchQuery.objects.create(text="太极", searches=90, last_results=12)
    html = client.get("/admin/search-unmet/").content.decode()
    assert "量子物理" in html and "太极" not in html


def test_synonym_groups_are_normalised_and_need_two_words():
    synonym = Synonym(words="摔倒，跌倒、 摔跤  摔倒")
    synonym.full_clean()
    assert synonym.words == "摔倒 跌倒 摔跤"
    with pytest.raises(ValidationError):
        Synonym(words="摔倒").full_clean()


def test_editors_maintain_synonyms_in_the_admin(client):
    admin = get_user_model().objects.create_superuser("boss", password="pw")
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/search/synonym/add/", {"words": "做菜 烹饪", "note": ""}
    )
    assert response.status_code == 302
    assert Synonym.objects.get().terms == ["做菜", "烹饪"]
