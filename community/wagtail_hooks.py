from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import learning_record
from .models import EventPage

hooks.register("learning_record_seconds", learning_record.event_seconds)
hooks.register("learning_record_entries", learning_record.event_entries)
hooks.register("learning_record_statements", learning_record.event_statements)


@hooks.register("register_admin_urls")
def register_staff_urls():
    from .views import moderation, staff

    return [
        path(
            "events/<int:page_id>/attendance/",
            staff.attendance,
            name="event_attendance",
        ),
        path("comments/", moderation.comment_queue, name="comment_queue"),
        path("star-nominations/", moderation.nomination_queue, name="nomination_queue"),
        path("learning-groups/", moderation.group_list, name="staff_groups"),
    ]


@hooks.register("register_admin_menu_item")
def comment_queue_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("留言审核"), reverse("comment_queue"), icon_name="comment",
                    order=237)  # fmt: skip


@hooks.register("register_admin_menu_item")
def nomination_queue_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("学习之星推荐"), reverse("nomination_queue"), icon_name="pick",
                    order=238)  # fmt: skip


@hooks.register("register_admin_menu_item")
def staff_groups_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("学习小组"), reverse("staff_groups"), icon_name="group",
                    order=239)  # fmt: skip


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
