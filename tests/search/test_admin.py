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
    synonym = Synonym(words="歇脚，休息、 歇会儿  歇脚")
    synonym.full_clean()
    assert synonym.words == "歇脚 休息 歇会儿"
    with pytest.raises(ValidationError):
        Synonym(words="歇脚").full_clean()


def test_editors_maintain_synonyms_in_the_admin(client, editors):
    client.force_login(editors["city"])
    response = client.post(
        "/admin/snippets/search/synonym/add/",
        {"words": "绣花 刺绣", "means": "", "category": "activity", "note": ""},
    )
    assert response.status_code == 302
    assert Synonym.objects.get(words="绣花 刺绣").terms == ["绣花", "刺绣"]


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
    form = {"words": "钩针 钩织", "means": "", "category": "activity", "note": ""}
    assert client.post(url, form).status_code in (302, 403)
    assert not Synonym.objects.filter(words="钩针 钩织").exists()
    client.force_login(editors["city"])
    assert client.post(url, form).status_code == 302
    assert Synonym.objects.get(words="钩针 钩织").terms == ["钩针", "钩织"]


def _searched(text: str, *, visitors: int, results: int = 3, times: int = 1):
    from search.services import search_query_record

    for visitor in range(visitors):
        for _ in range(times):
            search_query_record(text=text, results=results, visitor=f"v{visitor}")


def test_popular_chips_need_many_visitors_results_and_a_short_phrase(client, city):
    """One person repeating a scam phrase fifty times (or five people typing
    a long message) never reaches the chips every resident sees."""
    from search.selectors import POPULAR_MIN_VISITORS, popular_queries

    _searched("加微信领养老补贴", visitors=1, times=50)
    _searched("加微信wx8888领取养老补贴现金", visitors=POPULAR_MIN_VISITORS + 1)
    _searched("量子物理", visitors=POPULAR_MIN_VISITORS + 1, results=0)
    _searched("太极拳", visitors=POPULAR_MIN_VISITORS)
    assert popular_queries() == ["太极拳"]
    assert SearchQuery.objects.get(text="加微信领养老补贴").visitors == 1


def test_the_city_editor_hides_a_chip(client, editors):
    from search.selectors import POPULAR_MIN_VISITORS, popular_queries

    _searched("太极拳", visitors=POPULAR_MIN_VISITORS)
    _searched("领补贴", visitors=POPULAR_MIN_VISITORS + 3)
    client.force_login(editors["city"])
    listing = client.get("/admin/search-popular/").content.decode()
    assert "领补贴" in listing and "太极拳" in listing
    query = SearchQuery.objects.get(text="领补贴")
    response = client.post(f"/admin/search-popular/edit/{query.pk}/", {"hidden": "on"})
    assert response.status_code == 302
    assert popular_queries() == ["太极拳"]
    client.force_login(editors["district"])
    assert client.get("/admin/search-popular/").status_code in (302, 403)
