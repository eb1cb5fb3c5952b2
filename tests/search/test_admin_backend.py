"""The admin's search and choosers find Chinese words inside titles.

On the main of 2026-12-01 (Wagtail's plain database backend) every search
below found nothing except a title's first word: 智慧课堂, 夕阳红 and 防跌倒
were the issue's examples.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from institutions.selectors import institution_collection
from institutions.services import institution_groups_sync_all
from media_pipeline.models import MediaAsset
from search.admin_backend import han_grams, index_text, query_terms
from tests.factories.institutions import CoursePageFactory

TITLES = ("老年人智慧课堂", "北湖社区夕阳红合唱团", "老年人防跌倒小课堂")


def test_queries_become_the_pairs_the_index_holds():
    assert query_terms("防跌倒") == "防跌 跌倒"
    assert query_terms("夕阳红 合唱") == "夕阳 阳红 合唱"
    assert query_terms("课") == "课"
    assert query_terms("Python 入门") == "Python 入门"
    assert set("防跌 跌倒".split()) <= set(han_grams("老年人防跌倒小课堂"))
    assert index_text("Excel") == "Excel"
    assert "智慧" in index_text("老年人智慧课堂").split()


@pytest.fixture
def teacher(city):
    institution_groups_sync_all()
    user = get_user_model().objects.create_user("teacher", password="x")
    user.groups.add(city.townships[0].editor_group_link.group)
    for title in TITLES:
        CoursePageFactory(parent=city.townships[0], title=title)
    collection = institution_collection(page=city.townships[0])
    for title in TITLES:
        MediaAsset.objects.create(
            title=f"{title}录像", file="media-originals/x/original.mp4",
            collection=collection,
        )  # fmt: skip
    return user


def _found(client, url: str, query: str) -> set[str]:
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    html = (
        response.json()["html"]
        if response["Content-Type"].startswith("application/json")
        else response.content.decode()
    )
    return {title for title in TITLES if title in html}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("智慧课堂", {"老年人智慧课堂"}),
        ("夕阳红", {"北湖社区夕阳红合唱团"}),
        ("防跌倒", {"老年人防跌倒小课堂"}),
        ("课堂", {"老年人智慧课堂", "老年人防跌倒小课堂"}),
        ("老年人", {"老年人智慧课堂", "老年人防跌倒小课堂"}),
        ("合唱 夕阳", {"北湖社区夕阳红合唱团"}),
        ("跳舞", set()),
    ],
)
def test_the_teacher_finds_words_inside_titles(client, teacher, query, expected):
    client.force_login(teacher)
    media = MediaAsset.snippet_viewset
    for url in (
        reverse("wagtailadmin_pages:search"),
        reverse("wagtailadmin_choose_page_search"),
        reverse(media.get_url_name("list_results")),
        reverse(media.chooser_viewset.get_url_name("choose_results")),
    ):
        assert _found(client, url, query) == expected, url
