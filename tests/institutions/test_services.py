import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from institutions.models import InstitutionEditorGroup
from institutions.services import institution_group_sync, institution_groups_sync_all

pytestmark = pytest.mark.django_db


def _editor_of(page):
    user = get_user_model().objects.create_user(f"editor-{page.pk}", password="x")
    user.groups.add(institution_group_sync(page=page))
    return user


def test_township_teacher_is_scoped_to_its_own_subtree(city):
    institution_groups_sync_all()
    township, sibling = city.townships[0], city.townships[1]
    user = _editor_of(township)

    assert user.has_perm("wagtailadmin.access_admin")
    own_village = city.villages[0]
    for page in (township, own_village):
        perms = page.permissions_for_user(user)
        assert perms.can_edit() and perms.can_add_subpage()
        assert not perms.can_publish()  # teachers submit for review
    for page in (sibling, city.villages[1], city.districts[0], city.city):
        perms = page.permissions_for_user(user)
        assert not perms.can_edit() and not perms.can_publish()


def test_district_editor_reaches_down_but_not_across(city):
    institution_groups_sync_all()
    user = _editor_of(city.districts[0])
    assert city.townships[0].permissions_for_user(user).can_publish()
    assert city.villages[1].permissions_for_user(user).can_edit()
    assert not city.townships[2].permissions_for_user(user).can_edit()
    assert not city.city.permissions_for_user(user).can_edit()


def test_collections_nest_like_the_tree(city):
    institution_groups_sync_all()
    village = InstitutionEditorGroup.objects.get(page=city.villages[0]).collection
    township = InstitutionEditorGroup.objects.get(page=city.townships[0]).collection
    assert village.get_parent() == township


def test_sync_is_idempotent_and_follows_renames(city):
    institution_groups_sync_all()
    count = Group.objects.count()
    institution_groups_sync_all()
    assert Group.objects.count() == count

    township = city.townships[0]
    township.title = "改名后的社区学校"
    township.save_revision().publish()
    group = institution_group_sync(page=township)
    assert group.name == "改名后的社区学校 · 编辑组"
    assert Group.objects.count() == count


def test_same_title_in_two_places_gets_two_groups(city):
    for village in city.villages[:2]:
        village.title = "新村教学点"
        village.save_revision().publish()
    first = institution_group_sync(page=city.villages[0])
    second = institution_group_sync(page=city.villages[1])
    assert first != second
    assert city.townships[1].title in second.name


def test_township_editor_admin_edit_views_follow_the_scope(client, city):
    """The admin itself, not only the permission API, keeps editors in their subtree."""
    institution_groups_sync_all()
    user = _editor_of(city.townships[0])
    client.force_login(user)
    own = client.get(f"/admin/pages/{city.villages[0].pk}/edit/")
    other = client.get(f"/admin/pages/{city.villages[1].pk}/edit/")
    assert own.status_code == 200
    assert other.status_code in (302, 403)
