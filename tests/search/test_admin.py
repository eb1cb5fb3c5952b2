"""Editors' side of the supermarket in the Wagtail admin."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from search.models import SearchQuery, Synonym

pytestmark = pytest.mark.django_db


def test_unmet_demand_report_lists_zero_result_queries(client, editors):
    client.force_login(editors["city"])
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


def test_editors_maintain_synonyms_in_the_admin(client, editors):
    client.force_login(editors["city"])
    response = client.post(
        "/admin/snippets/search/synonym/add/", {"words": "做菜 烹饪", "note": ""}
    )
    assert response.status_code == 302
    assert Synonym.objects.get().terms == ["做菜", "烹饪"]


@pytest.fixture
def editors(city):
    """The city's editor keeps the supermarket; a district's does not."""
    from institutions.services import institution_groups_sync_all

    institution_groups_sync_all()
    users = get_user_model().objects
    found = {}
    for name, page in (("city", city.city), ("district", city.districts[0])):
        found[name] = users.create_user(f"{name}-editor", password="pw")
        found[name].groups.add(page.editor_group_link.group)
    return found


def test_the_city_editor_reads_the_unmet_demand_report(client, editors):
    SearchQuery.objects.create(text="量子物理", searches=7, last_results=0)
    client.force_login(editors["city"])
    html = client.get("/admin/search-unmet/").content.decode()
    assert "量子物理" in html
    client.force_login(editors["district"])
    assert client.get("/admin/search-unmet/").status_code in (302, 403)


def test_the_city_editor_maintains_synonyms(client, editors):
    url = "/admin/snippets/search/synonym/add/"
    client.force_login(editors["district"])
    assert client.post(url, {"words": "做饭 烹饪", "note": ""}).status_code in (
        302,
        403,
    )
    assert not Synonym.objects.exists()
    client.force_login(editors["city"])
    assert client.post(url, {"words": "做菜 烹饪", "note": ""}).status_code == 302
    assert Synonym.objects.get().terms == ["做菜", "烹饪"]
