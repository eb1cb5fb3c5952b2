"""Learning groups: start, join (open or by approval), leave, organise, hide."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from community import groups
from community.models import GroupMembership, LearningGroup
from institutions.services import institution_group_sync
from resources.models import Notification
from tests.factories.institutions import CoursePageFactory

pytestmark = pytest.mark.django_db


def _people(*names):
    return [get_user_model().objects.create_user(n, password="x", first_name=n)
            for n in names]  # fmt: skip


def _start(city, organiser, **overrides) -> LearningGroup:
    fields = {
        "name": "北湖太极拳队", "topic": "太极拳", "area": city.villages[0],
        "meeting_place": "北湖公园东门", "meeting_time": "每天早上 6:30",
        "joining": "open", "description": "零基础欢迎，老队员手把手教。",
    }  # fmt: skip
    return groups.start_group(organiser, **{**fields, **overrides})


def test_starting_a_group_makes_the_resident_its_organiser(city):
    (organiser,) = _people("organiser")
    group = _start(city, organiser)
    assert groups.is_organiser(group, organiser)


def test_open_groups_take_members_at_once_and_twice_is_once(city):
    organiser, member = _people("organiser", "member")
    group = _start(city, organiser)
    assert groups.join(group, member).status == GroupMembership.Status.ACTIVE
    groups.join(group, member)
    assert group.memberships.count() == 2


def test_approval_groups_wait_for_an_organiser(city):
    organiser, member, stranger = _people("organiser", "member", "stranger")
    group = _start(city, organiser, joining="approval")
    held = groups.join(group, member)
    assert held.status == GroupMembership.Status.PENDING
    assert Notification.objects.filter(user=organiser, message__contains="申请加入")
    with pytest.raises(groups.GroupError):
        groups.approve(group, held, by=stranger)
    groups.approve(group, held, by=organiser)
    held.refresh_from_db()
    assert held.status == GroupMembership.Status.ACTIVE
    assert Notification.objects.filter(user=member, message__contains="已加入")


def test_notices_reach_every_member_but_only_organisers_post(city):
    organiser, a, b = _people("organiser", "a", "b")
    group = _start(city, organiser)
    groups.join(group, a)
    groups.join(group, b)
    with pytest.raises(groups.GroupError):
        groups.post_notice(group, "明天停练", by=a)
    groups.post_notice(group, "<b>明天</b>下雨停练", by=organiser)
    assert group.notices.get().body == "明天下雨停练"
    assert Notification.objects.filter(message__contains="明天下雨停练").count() == 2


def test_the_only_organiser_hands_over_before_leaving(city):
    organiser, a = _people("organiser", "a")
    group = _start(city, organiser)
    held = groups.join(group, a)
    with pytest.raises(groups.GroupError, match="唯一的组织者"):
        groups.leave(group, organiser)
    groups.make_organiser(group, held, by=organiser)
    groups.leave(group, organiser)
    assert list(group.memberships.values_list("member__username", flat=True)) == ["a"]


def test_the_only_organiser_answers_join_requests_before_leaving(city):
    organiser, asking = _people("organiser", "asking")
    group = _start(city, organiser, joining="approval")
    held = groups.join(group, asking)
    with pytest.raises(groups.GroupError, match="入组申请"):
        groups.leave(group, organiser)
    assert groups.is_organiser(group, organiser)
    groups.approve(group, held, by=organiser)
    with pytest.raises(groups.GroupError, match="唯一的组织者"):
        groups.leave(group, organiser)


def test_names_lose_bidi_overrides(client, city):
    (organiser,) = _people("organiser")
    client.force_login(organiser)
    response = client.post(
        "/groups/new/",
        {"name": "‮队拳极太‬湖北", "topic": "太极拳", "area": city.villages[0].pk,
         "meeting_place": "北湖⁦公园", "meeting_time": "每天早上", "joining": "open",
         "description": "欢迎"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:500]
    group = LearningGroup.objects.get()
    assert (group.name, group.meeting_place) == ("队拳极太湖北", "北湖公园")


def test_hidden_groups_vanish_from_public_pages(client, city):
    organiser, a = _people("organiser", "a")
    group = _start(city, organiser)
    assert "北湖太极拳队" in client.get("/groups/").content.decode()
    with pytest.raises(groups.GroupError):
        groups.hide(group, reason="  ")
    groups.hide(group, reason="含广告")
    assert "北湖太极拳队" not in client.get("/groups/").content.decode()
    assert client.get(f"/groups/{group.pk}/").status_code == 404
    with pytest.raises(groups.GroupError):
        groups.join(group, a)
    assert Notification.objects.filter(user=organiser, message__contains="含广告")
    groups.show(group)
    assert client.get(f"/groups/{group.pk}/").status_code == 200


def test_editors_hide_groups_only_in_their_area(client, city):
    (organiser,) = _people("organiser")
    group = _start(city, organiser)
    across = get_user_model().objects.create_user("across", password="x")
    across.groups.add(institution_group_sync(page=city.districts[1]))
    client.force_login(across)
    response = client.post("/admin/learning-groups/", {"group": group.pk,
                           "decision": "hide", "reason": "x"})  # fmt: skip
    assert response.status_code == 404
    editor = get_user_model().objects.create_user("editor", password="x")
    editor.groups.add(institution_group_sync(page=city.townships[0]))
    client.force_login(editor)
    client.post("/admin/learning-groups/", {"group": group.pk, "decision": "hide",
                "reason": "重复的小组"})  # fmt: skip
    group.refresh_from_db()
    assert group.hidden_reason == "重复的小组"


def test_group_pages_for_residents(client, city):
    organiser, member = _people("organiser", "member")
    course = CoursePageFactory(parent=city.townships[0], title="太极拳二十四式")
    client.force_login(organiser)
    response = client.post("/groups/new/", {
        "name": "书法角", "topic": "书法", "area": city.townships[0].pk,
        "meeting_place": "文化站二楼", "meeting_time": "周六下午",
        "joining": "approval", "description": "一起练字"})  # fmt: skip
    group = LearningGroup.objects.get(name="书法角")
    assert response["Location"] == f"/groups/{group.pk}/"
    tampered = client.post(f"/groups/{group.pk}/organise/", {"action": "courses",
                           "courses": [course.pk, "x"]})  # fmt: skip
    assert tampered.status_code == 400 and not group.courses.exists()
    client.post(f"/groups/{group.pk}/organise/", {"action": "courses",
                "courses": [course.pk]})  # fmt: skip
    assert list(group.courses.all()) == [course]
    bad = client.post("/groups/new/", {"name": "", "area": 999999})
    assert bad.status_code == 200 and LearningGroup.objects.count() == 1

    client.force_login(member)
    client.post(f"/groups/{group.pk}/join/")
    page = client.get(f"/groups/{group.pk}/").content.decode()
    assert "等组织者同意" in page and "太极拳二十四式" in page
    response = client.post(f"/groups/{group.pk}/organise/", {"action": "notice",
                           "body": "hi"}, follow=True)  # fmt: skip
    assert "只有小组组织者" in response.content.decode()
