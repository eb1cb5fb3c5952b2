"""Learning groups in the supermarket, on both engines: found by their name,
topic and description, each saying when and where it meets; a group staff
hide, or one in a place that goes private, leaves at once."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from community import groups
from community.models import LearningGroup
from search import client, indexing, selectors
from search.queries import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(demo_engine):
    return demo_engine


def _groups(query: str = "", **filters) -> list:
    result = selectors.supermarket_search(
        SearchRequest(query=query, filters=filters, size=50)
    )
    assert not result.degraded
    return [hit for hit in result.hits if hit.kind == "group"]


def test_groups_are_found_and_say_when_and_where_they_meet(engine):
    taiji = LearningGroup.objects.get(name="北湖太极拳队")
    found = _groups("太极")
    hit = next(h for h in found if h.id == taiji.pk)
    assert hit.title == "北湖太极拳队" and hit.url == taiji.get_absolute_url()
    assert hit.detail == f"{taiji.meeting_time} · {taiji.meeting_place}"
    assert hit.institution_name
    assert [h.title for h in _groups("合唱")] == ["城南合唱团"]
    assert "北湖太极拳队" in [h.title for h in _groups("taijiquan")]
    assert len(_groups(kind="group")) == LearningGroup.objects.count()
    if engine == "elasticsearch":
        assert indexing.consistency().ok


def test_hidden_groups_and_groups_of_private_places_never_appear(
    engine, django_capture_on_commit_callbacks
):
    taiji = LearningGroup.objects.get(name="北湖太极拳队")
    with django_capture_on_commit_callbacks() as after_commit:
        groups.hide(taiji, reason="广告")
    # No worker runs here: the request that hid it takes it out on commit.
    [run() for run in after_commit if "unlist_groups" in run.__code__.co_names]
    assert "北湖太极拳队" not in [h.title for h in _groups("太极")]
    groups.show(taiji)
    indexing.sync_groups([taiji.pk])
    assert "北湖太极拳队" in [h.title for h in _groups("太极")]

    PageViewRestriction.objects.create(
        page=taiji.area, restriction_type=PageViewRestriction.LOGIN
    )
    indexing.unlist_groups(indexing.groups_in([taiji.area_id]))
    assert "北湖太极拳队" not in [h.title for h in _groups("太极")]
    if engine == "elasticsearch":
        hits = client.get_client().search(
            index=client.pages_alias(), query={"term": {"kind": "group"}}, size=50
        )["hits"]["hits"]
        assert f"group-{taiji.pk}" not in [h["_id"] for h in hits]
