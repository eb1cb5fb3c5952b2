from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from .models import EventPage


@hooks.register("register_admin_urls")
def register_attendance():
    from .views import staff

    return [
        path(
            "events/<int:page_id>/attendance/",
            staff.attendance,
            name="event_attendance",
        )
    ]


def _attendance_button(page, user, priority: int):
    if (
        isinstance(page.specific_deferred, EventPage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            _("签到名单"),
            reverse("event_attendance", args=[page.pk]),
            icon_name="tick",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def attendance_listing_button(page, user, next_url=None):
    yield from _attendance_button(page, user, priority=5)


@hooks.register("register_page_header_buttons")
def attendance_header_button(page, user, view_name, next_url=None):
    yield from _attendance_button(page, user, priority=25)
