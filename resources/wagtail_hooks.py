from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, EditView, IndexView, history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    Audience,
    ConversionRule,
    CoursePage,
    CourseRequest,
    LessonPage,
    LocalTheme,
    Topic,
)
from .panels import MyCoursesPanel
from .selectors import course_request_list_for_editor
from .services import course_request_answer


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "symbol", "slug", "sort_order"]
    ordering = ["sort_order"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order"]


class LocalThemeViewSet(SnippetViewSet):
    model = LocalTheme
    icon = "site"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order"]


class CourseTaxonomyGroup(SnippetViewSetGroup):
    menu_label = "课程分类"
    menu_icon = "tag"
    menu_order = 240
    items = (TopicViewSet, AudienceViewSet, LocalThemeViewSet)


register_snippet(CourseTaxonomyGroup)


class CourseRequestIndexView(IndexView):
    def get_base_queryset(self):
        return course_request_list_for_editor(user=self.request.user).annotate(
            support_count=Count("supports")
        )


class CourseRequestEditView(EditView):
    """Answering a request links a course and notifies everyone who asked."""

    def get_object(self, queryset=None):
        return get_object_or_404(
            course_request_list_for_editor(user=self.request.user), pk=self.kwargs["pk"]
        )

    def save_instance(self):
        course_request = self.get_object()
        course = self.form.cleaned_data.get("answered_with")
        if course and course_request.status == CourseRequest.Status.OPEN:
            course_request_answer(request=course_request, course=course.specific)
        course_request.refresh_from_db()
        return course_request


class InScopeMixin:
    """History, usage and delete find the request among the editor's own
    institutions only, like the list and the edit screen."""

    def get_base_object_queryset(self):
        return course_request_list_for_editor(user=self.request.user)

    def get_object(self, queryset=None):
        return get_object_or_404(
            course_request_list_for_editor(user=self.request.user),
            pk=self.kwargs["pk"],
        )


class CourseRequestHistoryView(InScopeMixin, history.HistoryView):
    pass


class CourseRequestUsageView(InScopeMixin, usage.UsageView):
    pass


class CourseRequestDeleteView(InScopeMixin, DeleteView):
    pass


class CourseRequestViewSet(ModelViewSet):
    model = CourseRequest
    icon = "help"
    menu_label = "课程点单"
    menu_order = 230
    add_to_admin_menu = True
    index_view_class = CourseRequestIndexView
    edit_view_class = CourseRequestEditView
    history_view_class = CourseRequestHistoryView
    usage_view_class = CourseRequestUsageView
    delete_view_class = CourseRequestDeleteView
    # Requests come from residents; an editor copying one would invent demand.
    copy_view_enabled = False
    list_display = [
        "title",
        "institution",
        "status",
        Column("support_count", label="想学人数"),
        "created_at",
    ]
    list_filter = ["status"]
    panels = [FieldPanel("answered_with")]


@hooks.register("register_admin_viewset")
def register_course_requests():
    return CourseRequestViewSet("course_requests")


@hooks.register("register_admin_urls")
def register_learner_records():
    from django.urls import path

    from .views import staff

    return [
        path("learners/", staff.learner_index, name="staff_learners"),
        path("learners/<int:user_id>/", staff.learner_record, name="staff_learner"),
        path("learners/<int:user_id>/record.json", staff.learner_record_json,
             name="staff_learner_json"),
        path("learners/<int:user_id>/record.pdf", staff.learner_record_pdf,
             name="staff_learner_pdf"),
        path("learners/<int:user_id>/revoke/", staff.revoke,
             name="staff_learner_revoke"),
        path("credit-conversions/", staff.conversion_requests,
             name="staff_conversions"),
    ]  # fmt: skip


@hooks.register("register_admin_menu_item")
def learner_records_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem("学习者档案", reverse("staff_learners"), icon_name="user",
                    order=235)  # fmt: skip


@hooks.register("register_admin_menu_item")
def conversion_requests_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    return MenuItem("学分转换审核", reverse("staff_conversions"), icon_name="resubmit",
                    order=236)  # fmt: skip


class ConversionRuleViewSet(SnippetViewSet):
    """Kept by the city's editors (grant the snippet permissions to them)."""

    model = ConversionRule
    icon = "resubmit"
    menu_label = "学分转换规则"
    list_display = ["name", "target_name", "ratio", "cap", "active"]


register_snippet(ConversionRuleViewSet)


@hooks.register("register_admin_urls")
def register_course_lessons():
    from django.urls import path

    from .views import course_lessons as views

    return [
        path("courses/<int:course_id>/lessons/", views.course_lessons,
             name="course_lessons"),
        path("courses/<int:course_id>/lessons/add/", views.course_lesson_add,
             name="course_lesson_add"),
        path("courses/<int:course_id>/lessons/status/", views.course_lessons_status,
             name="course_lessons_status"),
        path("courses/<int:course_id>/lessons/<int:lesson_id>/",
             views.course_lesson_update, name="course_lesson_update"),
        path("courses/<int:course_id>/lessons/<int:lesson_id>/retry/",
             views.course_lesson_retry, name="course_lesson_retry"),
        path("courses/<int:course_id>/lessons/<int:lesson_id>/delete/",
             views.course_lesson_delete, name="course_lesson_delete"),
        path("courses/<int:course_id>/submit/", views.course_submit,
             name="course_submit"),
    ]  # fmt: skip


def _add_lessons_button(page, user, button_class, **kwargs):
    if (
        isinstance(page.specific_deferred, CoursePage)
        and page.permissions_for_user(user).can_add_subpage()
    ):
        yield button_class(
            _("添加微课"),
            reverse("course_lessons", args=[page.pk]),
            icon_name="media",
            priority=5,
            **kwargs,
        )


@hooks.register("register_page_listing_buttons")
def course_lessons_listing_button(page, user, next_url=None):
    yield from _add_lessons_button(page, user, ListingButton)


@hooks.register("register_page_header_buttons")
def course_lessons_header_button(page, user, view_name, next_url=None):
    yield from _add_lessons_button(page, user, Button)


@hooks.register("after_create_page")
def new_course_goes_to_its_lessons(request, page):
    """A teacher who has just saved a new course adds its videos next."""
    if isinstance(page.specific_deferred, CoursePage) and not page.live:
        return redirect("course_lessons", course_id=page.pk)
    return None


@hooks.register("after_edit_page")
def draft_course_without_lessons_goes_to_them(request, page):
    """Saving a new course's draft leads to 添加微课 while it has no lessons.

    The editor's autosave creates the page before the teacher presses
    保存草稿, so that press arrives as an edit, not a creation.
    """
    going_on = ("action-publish", "action-submit", "action-restart-workflow")
    if (
        isinstance(page.specific_deferred, CoursePage)
        and not page.live
        and not any(request.POST.get(name) for name in going_on)
        and not request.POST.get("workflow-action-name")
        and not LessonPage.objects.child_of(page).exists()
    ):
        return redirect("course_lessons", course_id=page.pk)
    return None


@hooks.register("before_create_page")
def no_new_lessons_during_review(request, parent_page, page_class):
    """The reviewer approves what they saw: a course in review takes no new
    lessons, by the lesson screen or by 添加子页面."""
    if isinstance(parent_page.specific_deferred, CoursePage) and (
        parent_page.workflow_in_progress
    ):
        messages.error(request, _("这门课正在审核中，审核结束后再添加微课。"))
        return redirect("course_lessons", course_id=parent_page.pk)
    return None


@hooks.register("construct_homepage_panels")
def my_courses_panel(request, panels):
    panels.append(MyCoursesPanel(request.user))
