"""Suggestions mined from the search log: a visitor's search that found
nothing, followed soon by one that found something, is offered to the city's
editors; accepting it makes the first search find results at once."""

from __future__ import annotations

import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from search.models import SearchMiss, SearchQuery, Synonym, SynonymCandidate
from search.services import search_query_record
from search.tasks import search_query_record_task

pytestmark = pytest.mark.django_db
URL = "/admin/search-candidates/"


def test_a_miss_then_a_find_by_the_same_visitor_is_a_candidate():
    search_query_record(text="太吉拳", results=0, visitor="v1")
    search_query_record(text="太极拳", results=2, visitor="v2")  # someone else
    assert not SynonymCandidate.objects.exists()
    search_query_record(text="太极拳", results=2, visitor="v1")
    candidate = SynonymCandidate.objects.get()
    assert (candidate.missed, candidate.found, candidate.times) == (
        "太吉拳",
        "太极拳",
        1,
    )
    assert not SearchMiss.objects.filter(visitor="v1").exists()

    search_query_record(text="太吉拳", results=0, visitor="v3")
    search_query_record(text="太极拳", results=5, visitor="v3")
    assert SynonymCandidate.objects.get().times == 2


def test_stale_misses_and_retyping_the_same_words_are_not_candidates():
    search_query_record(text="量子 物理", results=0, visitor="v1")
    search_query_record(text="量子物理", results=1, visitor="v1")
    search_query_record(text="剪窗户", results=0, visitor="v2")
    SearchMiss.objects.update(at=timezone.now() - timedelta(minutes=11))
    search_query_record(text="剪纸", results=3, visitor="v2")
    assert not SynonymCandidate.objects.exists()


def test_what_could_never_be_an_entry_is_not_offered():
    for junk in ("🧘\u200d♀️🙏", "高" * 30, "<b>粗</b>"):
        search_query_record(text=junk, results=0, visitor="v1")
        search_query_record(text="太极拳", results=2, visitor="v1")
    search_query_record(text="耍把式", results=0, visitor="v2")
    search_query_record(text="😀" * 3, results=1, visitor="v2")
    assert not SynonymCandidate.objects.exists()


def test_the_last_search_time_follows_every_search():
    search_query_record(text="量子物理", results=0)
    SearchQuery.objects.update(last_searched_at=timezone.now() - timedelta(days=3))
    search_query_record(text="量子物理", results=0)
    query = SearchQuery.objects.get()
    assert query.searches == 2
    assert query.last_searched_at > timezone.now() - timedelta(minutes=1)


def test_searches_are_paired_by_when_they_were_made_not_when_counted():
    """The worker may count a search minutes late, behind other tasks."""
    now = timezone.now()
    search_query_record(
        text="耍把式", results=0, visitor="v5", at=now - timedelta(minutes=12)
    )
    search_query_record(
        text="太极拳", results=2, visitor="v5", at=now - timedelta(minutes=11)
    )
    assert SynonymCandidate.objects.filter(missed="耍把式").exists()
    assert SearchQuery.objects.get(text="耍把式").last_searched_at == now - timedelta(
        minutes=12
    )
    search_query_record(
        text="嘚瑟蹦", results=0, visitor="v6", at=now - timedelta(minutes=30)
    )
    search_query_record(text="太极拳", results=2, visitor="v6", at=now)
    assert not SynonymCandidate.objects.filter(missed="嘚瑟蹦").exists()
    # A clock in the future, or no time at all, is taken as now.
    search_query_record_task("量子力学", 0, "v7", "2999-01-01T00:00:00+00:00")
    search_query_record_task("量子化学", 0, "v7", "不是时间")
    for text in ("量子力学", "量子化学"):
        at = SearchQuery.objects.get(text=text).last_searched_at
        assert now <= at <= timezone.now()


def test_a_rejected_pair_stays_rejected(client, city_editor):
    candidate = SynonymCandidate.objects.create(missed="打麻将", found="棋牌")
    client.force_login(city_editor)
    client.post(URL, {"candidate": candidate.pk, "decision": "reject"})
    search_query_record(text="打麻将", results=0, visitor="v1")
    search_query_record(text="棋牌", results=1, visitor="v1")
    candidate.refresh_from_db()
    assert candidate.status == "rejected" and candidate.times == 2
    pending = client.get(URL).content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert "打麻将" not in pending
    assert not Synonym.objects.filter(words="打麻将").exists()


def test_only_editors_who_keep_the_thesaurus_review(client, city_editor, users):
    SynonymCandidate.objects.create(missed="打麻将", found="棋牌")
    for name in ("district_editor", "township_teacher", "resident"):
        client.force_login(users.get(username=name))
        assert client.get(URL).status_code in (302, 403), name
    client.force_login(city_editor)
    html = client.get(URL).content.decode()
    assert "打麻将" in html and "棋牌" in html
    assert URL in client.get("/admin/").content.decode()  # the menu item


@pytest.mark.parametrize("value", ["abc", "²", "99999999999999999999999", "-1", ""])
def test_hostile_candidate_ids_are_refused(client, city_editor, value):
    client.force_login(city_editor)
    response = client.post(URL, {"candidate": value, "decision": "accept"})
    assert 400 <= response.status_code < 500
    assert not Synonym.objects.filter(note__startswith="来自居民搜索").exists()


def test_an_entry_the_thesaurus_would_refuse_is_not_accepted(client, city_editor):
    Synonym.objects.create(words="棋牌", means="打麻将")
    candidate = SynonymCandidate.objects.create(missed="打麻将", found="棋牌")
    client.force_login(city_editor)
    page = client.post(
        URL, {"candidate": candidate.pk, "decision": "accept"}, follow=True
    ).content.decode()
    assert "没有采纳" in page and "绕回自己" in page
    candidate.refresh_from_db()
    assert candidate.status == "pending"
    assert not Synonym.objects.filter(words="打麻将").exists()


@pytest.mark.django_db(transaction=True)
def test_accepting_a_mined_candidate_works_end_to_end(
    settings, search_index, demo_catalogue, client, default_worker
):
    """Through the real search page, the real worker and the real index."""
    cache.clear()
    call_command("search_reindex", stdout=StringIO())
    missed = client.get("/supermarket/", {"q": "太吉拳"}).content.decode()
    assert "没有找到" in missed
    assert (
        "太极拳二十四式"
        in client.get("/supermarket/", {"q": "太极拳"}).content.decode()
    )
    deadline = time.monotonic() + 30
    while not SynonymCandidate.objects.filter(missed="太吉拳").exists():
        assert time.monotonic() < deadline, "the worker did not record the pair"
        time.sleep(0.1)
    candidate = SynonymCandidate.objects.get(missed="太吉拳")
    assert candidate.found == "太极拳"

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="city_editor"))
    assert "太吉拳" in client.get(URL).content.decode()
    done = client.post(
        URL, {"candidate": candidate.pk, "decision": "accept"}, follow=True
    ).content.decode()
    assert "已加入同义词" in done
    client.logout()
    found = client.get("/api/v1/search/", {"q": "太吉拳"}).json()
    assert found["engine"] == "elasticsearch"
    assert "太极拳二十四式" in [r["title"] for r in found["results"]]


@pytest.fixture
def users(demo_catalogue):
    from django.contrib.auth import get_user_model

    return get_user_model().objects


@pytest.fixture
def city_editor(users):
    return users.get(username="city_editor")
