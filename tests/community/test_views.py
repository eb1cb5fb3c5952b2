"""Events, venues and the learning map as residents and staff meet them."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from icalendar import Calendar

from community.models import EventRegistration
from institutions.services import institution_group_sync
from tests.factories.community import EventPageFactory, VenuePageFactory

pytestmark = pytest.mark.django_db


def _user(name: str, *groups_of):
    user = get_user_model().objects.create_user(name, password="x", first_name=name)
    for page in groups_of:
        user.groups.add(institution_group_sync(page=page))
    return user


@pytest.fixture
def place(city):
    venue = VenuePageFactory(parent=city.townships[0], title="幸福街道图书馆")
    event = EventPageFactory(
        parent=city.townships[0], venue=venue, title="防诈骗讲座", capacity=1
    )
    return venue, event


def test_register_see_the_ticket_then_cancel(client, place):
    _, event = place
    page = client.get(event.url).content.decode()
    assert "登录后报名" in page and "还剩 <strong>1</strong> 个名额" in page
    client.force_login(_user("王阿姨"))
    response = client.post(f"/events/{event.pk}/register/", follow=True)
    page = response.content.decode()
    assert "报名成功" in page and "<svg" in page and "去不了了" in page
    client.post(f"/events/{event.pk}/cancel/")
    assert EventRegistration.objects.get().status == "cancelled"


def test_a_full_event_offers_the_waiting_list_with_a_position(client, place):
    _, event = place
    client.force_login(_user("first"))
    client.post(f"/events/{event.pk}/register/")
    client.force_login(_user("second"))
    assert "加入候补" in client.get(event.url).content.decode()
    page = client.post(f"/events/{event.pk}/register/", follow=True).content.decode()
    assert "候补第 1 位" in page and "<svg" not in page


def test_registering_needs_sign_in_and_post(client, place):
    _, event = place
    response = client.post(f"/events/{event.pk}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(_user("someone"))
    assert client.get(f"/events/{event.pk}/register/").status_code == 405
    assert client.post("/events/999999/register/").status_code == 404
    assert not EventRegistration.objects.exists()


def test_calendar_file_and_feed(client, city, place):
    venue, event = place
    past = EventPageFactory(
        parent=city.districts[1],
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-1),
    )
    other = EventPageFactory(parent=city.districts[1], title="书法沙龙")
    response = client.get(f"/events/{event.pk}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(entry["SUMMARY"]) == "防诈骗讲座"
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert venue.title in str(entry["LOCATION"])
    assert str(entry["UID"]).startswith(f"event-{event.pk}@")

    feed = Calendar.from_ical(client.get("/events/calendar.ics").content)
    titles = {str(e["SUMMARY"]) for e in feed.walk("VEVENT")}
    assert titles == {"防诈骗讲座", "书法沙龙"} and past.title not in titles
    district = client.get(f"/events/calendar.ics?district={city.districts[1].slug}")
    titles = {
        str(e["SUMMARY"]) for e in Calendar.from_ical(district.content).walk("VEVENT")
    }
    assert titles == {other.title}


def test_event_list_filters_by_district_kind_and_time(client, city, place):
    _, event = place
    EventPageFactory(parent=city.districts[1], title="广场舞展演", kind="talent_show")
    EventPageFactory(
        parent=city.districts[1],
        title="去年的游学",
        starts_at=timezone.now() - timedelta(days=300),
        ends_at=timezone.now() - timedelta(days=300, hours=-3),
    )
    page = client.get("/events/").content.decode()
    assert "防诈骗讲座" in page and "广场舞展演" in page and "去年的游学" not in page
    page = client.get(f"/events/?district={city.districts[0].slug}").content.decode()
    assert "防诈骗讲座" in page and "广场舞展演" not in page
    page = client.get("/events/?kind=talent_show").content.decode()
    assert "防诈骗讲座" not in page and "广场舞展演" in page
    assert "去年的游学" in client.get("/events/?when=past").content.decode()
    assert client.get("/events/?district=nowhere&kind=<x>").status_code == 200


def test_ticket_check_in_by_staff_of_the_event_only(client, city, place):
    _, event = place
    event.starts_at = timezone.now() + timedelta(minutes=30)
    event.credits = Decimal("0.5")
    event.save_revision().publish()
    resident = _user("李大爷")
    client.force_login(resident)
    client.post(f"/events/{event.pk}/register/")
    ticket = EventRegistration.objects.get()
    url = f"/tickets/{ticket.token}/"

    assert client.get(url).status_code == 403  # the resident's own scan
    client.force_login(_user("across", city.districts[1]))
    assert client.post(url).status_code == 403
    client.force_login(_user("staff", city.districts[0]))
    assert "确认签到" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "已签到：李大爷" in page
    assert client.get("/tickets/not-a-token/").status_code == 404

    client.force_login(resident)
    record = client.get("/me/record/").content.decode()
    assert "防诈骗讲座" in record and "活动" in record
    assert "已签到" in client.get(event.url).content.decode()


def test_attendance_list_in_the_admin(client, city, place):
    _, event = place
    event.starts_at = timezone.now() + timedelta(minutes=30)
    event.save()
    client.force_login(_user("张三"))
    client.post(f"/events/{event.pk}/register/")
    held = EventRegistration.objects.get()
    url = f"/admin/events/{event.pk}/attendance/"

    client.force_login(_user("across", city.districts[1]))
    assert client.get(url).status_code in (302, 403)
    client.force_login(_user("township", city.townships[0]))
    assert "张三" in client.get(url).content.decode()
    client.post(url, {"registration": held.pk})
    held.refresh_from_db()
    assert held.checked_in_at is not None
    assert client.post(url, {"registration": 999999}).status_code == 404


def test_map_lists_every_place_and_pins_those_with_coordinates(client, city, place):
    VenuePageFactory(
        parent=city.villages[3], title="无坐标体育馆", kind="sports",
        latitude=None, longitude=None,
    )  # fmt: skip
    response = client.get("/map/")
    page = response.content.decode()
    assert "幸福街道图书馆" in page and "无坐标体育馆" in page
    assert city.townships[0].title in page  # institutions from the page tree
    assert "暂未标注地图位置" in page
    pins = response.context["pins"]
    assert {"幸福街道图书馆", city.city.title} <= {pin["title"] for pin in pins}
    assert "无坐标体育馆" not in {pin["title"] for pin in pins}

    page = client.get("/map/?kind=library").content.decode()
    assert "幸福街道图书馆" in page and "无坐标体育馆" not in page
    assert city.townships[0].title not in page
    page = client.get(f"/map/?district={city.districts[1].slug}").content.decode()
    assert "无坐标体育馆" in page and "幸福街道图书馆" not in page


def test_map_without_tiles_is_a_list_with_no_map_script(client, settings, place):
    settings.LEARNING_MAP_TILE_URL = ""
    page = client.get("/map/").content.decode()
    assert "leaflet.js" not in page and "幸福街道图书馆" in page
    settings.LEARNING_MAP_TILE_URL = "https://tiles.example/{z}/{x}/{y}.png"
    page = client.get("/map/").content.decode()
    assert "leaflet.js" in page and 'data-tile-url="https://tiles.example/' in page


def test_venue_page_shows_access_booking_and_events(client, place):
    venue, _ = place
    page = client.get(venue.url).content.decode()
    assert "有无障碍通道" in page and "不需要预约" in page and "防诈骗讲座" in page


def test_event_must_end_after_it_starts(city):
    from django.core.exceptions import ValidationError

    event = EventPageFactory.build(
        starts_at=timezone.now(), ends_at=timezone.now() - timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        event.clean()
