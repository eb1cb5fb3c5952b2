"""The teacher's first panel on the admin dashboard: start a course, or carry
on with one, in one tap (resources.lessons is the screen it leads to)."""

from __future__ import annotations

from laces.components import Component
from wagtail.models import Page

from institutions.models import InstitutionEditorGroup

from .models import CoursePage, Notification

SHOWN = 5


class MyCoursesPanel(Component):
    name = "my_courses"
    template_name = "resources/staff/my_courses_panel.html"
    order = 50

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None):
        homes = Page.objects.filter(
            pk__in=InstitutionEditorGroup.objects.filter(group__user=self.user).values(
                "page"
            )
        ).order_by("path")
        homes = [
            page
            for page in homes
            if page.permissions_for_user(self.user).can_add_subpage()
        ]
        mine = CoursePage.objects.filter(owner=self.user)
        courses = mine.order_by("-latest_revision_created_at")[:SHOWN]
        news = Notification.objects.filter(user=self.user)[:SHOWN]
        return {
            "homes": homes,
            "courses": courses,
            "more": max(0, mine.count() - SHOWN),
            "news": news,
        }
