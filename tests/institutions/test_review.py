"""Review that cannot be skipped: who may publish and who may approve what.

Each row is a role of the network against one submission. On the main of
2026-12-01 the teacher could publish (rows "publish") and approve her own and
her colleague's work, and an editor could approve her own submission (rows
"approve")."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from institutions.models import InstitutionEditorGroup, ReviewTask
from institutions.services import institution_groups_sync_all
from tests.factories.institutions import CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(city):
    institution_groups_sync_all()

    def member(name: str, page):
        user = get_user_model().objects.create_user(name, password="x")
        user.groups.add(InstitutionEditorGroup.objects.get(page=page).group)
        return user

    return {
        "teacher": member("teacher", city.townships[0]),
        "colleague": member("colleague", city.townships[0]),
        "other_township": member("other_township", city.townships[1]),
        "district": member("district", city.districts[0]),
        "district_colleague": member("district_colleague", city.districts[0]),
        "other_district": member("other_district", city.districts[1]),
        "city": member("city", city.city),
    }


def _submit(page, user):
    page.save_revision(user=user)
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def _may_approve(page, user) -> bool:
    task = page.current_workflow_task.specific
    offered = any(name == "approve" for name, *_ in task.get_actions(page, user))
    listed = task.get_task_states_user_can_moderate(user).exists()
    assert offered == listed, "the dashboard and the editor must agree"
    return offered


@pytest.mark.parametrize(
    ("role", "may_publish"),
    [
        ("teacher", False),
        ("colleague", False),
        ("district", True),
        ("city", True),
        ("other_township", False),
        ("other_district", False),
    ],
)
def test_publish(city, people, role, may_publish):
    course = CoursePageFactory(parent=city.townships[0], live=False)
    for page in (city.townships[0], course):
        assert page.permissions_for_user(people[role]).can_publish() is may_publish


@pytest.mark.parametrize(
    ("author", "approvers"),
    [
        ("teacher", {"district", "district_colleague", "city"}),
        # An editor's own submission waits for the other editors.
        ("district", {"district_colleague", "city"}),
    ],
)
def test_approve(city, people, author, approvers):
    course = CoursePageFactory(parent=city.townships[0], live=False)
    state = _submit(course, people[author])
    assert isinstance(state.task.specific, ReviewTask)
    may = {role for role, user in people.items() if _may_approve(course, user)}
    assert may == approvers


def test_the_author_cannot_approve_by_a_typed_url(client, city, people):
    course = CoursePageFactory(parent=city.townships[0], live=False)
    state = _submit(course, people["district"])
    client.force_login(people["district"])
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(course.pk, "approve", state.pk)
    )
    refused = client.post(url, follow=True)
    assert "没有权限" in refused.content.decode()
    course.refresh_from_db()
    assert not course.live

    client.force_login(people["district_colleague"])
    assert client.post(url).status_code == 302
    course.refresh_from_db()
    assert course.live


def test_the_last_editor_cannot_approve_either(city, people):
    """A colleague who edited the submitted draft is its last editor now."""
    course = CoursePageFactory(parent=city.townships[0], live=False)
    _submit(course, people["teacher"])
    course.title = "改过的标题"
    course.save_revision(user=people["district_colleague"])
    assert not _may_approve(course, people["district_colleague"])
    assert _may_approve(course, people["district"])


def test_groups_from_before_lose_publishing_on_sync(city):
    """A teachers' group that could publish (made before this rule) loses it."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    institution_groups_sync_all()
    link = InstitutionEditorGroup.objects.get(page=city.townships[0])
    GroupPagePermission.objects.create(
        group=link.group,
        page=city.townships[0],
        permission=Permission.objects.get(codename="publish_page"),
    )
    institution_groups_sync_all()
    assert not GroupPagePermission.objects.filter(
        group=link.group, permission__codename="publish_page"
    ).exists()


def test_an_approval_after_an_edit_publishes_the_latest_draft_and_says_so(
    client, city, people
):
    """On the main of 2026-12-01 the approval went through, the page stayed
    unpublished and waited for a second approval, and nothing said why."""
    from resources.models import Notification

    course = CoursePageFactory(parent=city.townships[0], live=False, title="旧标题")
    _submit(course, people["teacher"])
    draft = course.get_latest_revision_as_object()
    draft.title = "提交后改的标题"
    draft.save_revision(user=people["teacher"])  # she edits while it waits

    client.force_login(people["district"])
    state = course.current_workflow_task_state  # the URL takes the task state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(course.pk, "approve", state.pk)
    )
    assert client.post(url).status_code == 302
    course.refresh_from_db()
    assert course.live and course.title == "提交后改的标题"
    assert not course.workflow_in_progress
    note = Notification.objects.get(user=people["teacher"])
    assert "提交后改的标题" in note.message and "已通过审核" in note.message


def test_a_rejection_tells_the_teacher_why(city, people):
    from resources.models import Notification

    course = CoursePageFactory(parent=city.townships[0], live=False, title="急救课")
    state = _submit(course, people["teacher"])
    state.task.specific.on_action(
        state, people["district"], "reject", comment="补充视频"
    )
    note = Notification.objects.get(user=people["teacher"])
    assert "急救课" in note.message and "补充视频" in note.message


def test_approve_and_reject_each_ask_first(client, city, people):
    """On 2026-12-02 the dashboard's 批准 published at one tap."""
    course = CoursePageFactory(parent=city.townships[0], live=False, title="急救课")
    _submit(course, people["teacher"])
    task = course.current_workflow_task.specific
    assert {modal for _, _, modal in task.get_actions(course, people["district"])} == {
        True
    }
    client.force_login(people["district"])
    state = course.current_workflow_task_state
    xhr = {"X-Requested-With": "XMLHttpRequest"}

    def url(action):
        return reverse(
            "wagtailadmin_pages:workflow_action", args=(course.pk, action, state.pk)
        )

    screen = client.get(url("approve"), headers=xhr).json()["html"]
    assert "「急救课」和跟它一起送审的内容会马上发布" in screen
    assert "确认批准并发布" in screen
    refused = client.post(url("reject"), {"comment": " "}, headers=xhr).json()
    assert "请写上修改意见" in refused["html"]
    course.refresh_from_db()
    assert course.workflow_in_progress and not course.live
