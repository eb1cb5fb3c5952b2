from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("register_admin_urls")
def register_dashboard():
    from . import views

    return [
        path("statistics/", views.staff_dashboard, name="stats_dashboard"),
        path("statistics/report.pdf", views.yearly_report, name="stats_report"),
    ]


@hooks.register("register_admin_menu_item")
def dashboard_menu_item():
    from wagtail.admin.menu import MenuItem

    return MenuItem(_("统计看板"), reverse("stats_dashboard"), icon_name="table",
                    order=150)  # fmt: skip
