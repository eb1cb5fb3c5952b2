"""Course requests (订单式服务): residents ask and support, editors answer."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from institutions.services import institution_groups_sync_all
from resources.models import CourseRequest, CourseRequestSupport, Notification
from tests.factories.institutions import CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(city):
    cache.clear()
    institution_groups_sync_all()
    users = get_user_model().objects
    asker = users.create_user("asker", password="pw", first_name="张大爷")
    neighbour = users.create_user("neighbour", password="pw", first_name="李阿姨")
    editor = users.create_user("editor", password="pw")
    editor.groups.add(city.townships[0].editor_group_link.group)
    outsider = users.create_user("outsider", password="pw")
    outsider.groups.add(city.townships[2].editor_group_link.group)
    return {
        "asker": asker,
        "neighbour": neighbour,
        "editor": editor,
        "outsider": outsider,
    }


def _as(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _ask(client, village):
    return client.post(
        "/requests/",
        {
            "title": "想学用手机挂号",
            "description": "看病排队太久",
            "institution": village.pk,
        },
    )


def test_resident_asks_and_neighbours_support(city, people):
    village = city.villages[0]
    assert _ask(_as(people["asker"]), village).status_code == 302
    request = CourseRequest.objects.get()
    assert request.institution.pk == village.pk
    assert request.supports.count() == 1

    neighbour = _as(people["neighbour"])
    neighbour.post(f"/requests/{request.pk}/support/")
    neighbour.post(f"/requests/{request.pk}/support/")
    assert CourseRequestSupport.objects.filter(request=request).count() == 2
    page = neighbour.get("/requests/").content.decode()
    assert "想学用手机挂号" in page and "2 人想学" in page and "您已支持" in page


def test_anonymous_visitors_see_requests_but_must_sign_in_to_ask(city, people, client):
    assert client.get("/requests/").status_code == 200
    response = _ask(client, city.villages[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CourseRequest.objects.exists()


def test_request_form_errors_are_plain(city, people):
    response = _as(people["asker"]).post("/requests/", {"title": "", "institution": ""})
    assert response.status_code == 200
    assert "请填写这一项。" in response.content.decode()


def test_editor_sees_only_their_area_and_answers(city, people):
    _ask(_as(people["asker"]), city.villages[0])
    _as(people["neighbour"]).post(
        f"/requests/{CourseRequest.objects.get().pk}/support/"
    )
    request = CourseRequest.objects.get()
    course = CoursePageFactory(parent=city.townships[0], title="手机挂号不求人")

    editor = _as(people["editor"])
    listing = editor.get("/admin/course_requests/")
    assert listing.status_code == 200 and "想学用手机挂号" in listing.content.decode()
    outsider = _as(people["outsider"])
    assert (
        "想学用手机挂号" not in outsider.get("/admin/course_requests/").content.decode()
    )
    assert outsider.get(f"/admin/course_requests/edit/{request.pk}/").status_code == 404

    response = editor.post(
        f"/admin/course_requests/edit/{request.pk}/", {"answered_with": course.pk}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CourseRequest.Status.ANSWERED
    assert request.answered_with.pk == course.pk
    notices = Notification.objects.filter(message__contains="手机挂号不求人")
    assert {n.user.username for n in notices} == {"asker", "neighbour"}

    neighbour = _as(people["neighbour"])
    mine = neighbour.get("/me/").content.decode()
    assert "开课啦" in mine and "手机挂号不求人" in mine
    # Reading the page changes nothing; the resident marks them read.
    unread = notices.filter(user__username="neighbour", read=False)
    assert unread.exists() and "全部标为已读" in mine
    assert neighbour.get("/me/notifications/read/").status_code == 405
    assert neighbour.post("/me/notifications/read/").status_code == 302
    assert not unread.exists()
    assert notices.filter(user__username="asker", read=False).exists()


def test_history_usage_and_delete_keep_to_the_editors_area(city, people):
    _ask(_as(people["asker"]), city.villages[0])
    request = CourseRequest.objects.get()
    outsider, editor = _as(people["outsider"]), _as(people["editor"])
    for view in ("history", "history-results", "usage", "delete"):
        url = f"/admin/course_requests/{view}/{request.pk}/"
        assert outsider.get(url).status_code == 404, view
        assert editor.get(url).status_code in (200, 302), view  # 302: not allowed
    assert (
        outsider.post(f"/admin/course_requests/delete/{request.pk}/").status_code == 404
    )
    assert CourseRequest.objects.filter(pk=request.pk).exists()
    assert editor.get(f"/admin/course_requests/copy/{request.pk}/").status_code == 404
