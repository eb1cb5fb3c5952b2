"""Public venues residents may use: libraries, museums, halls, schools.

A venue is a page under the institution that lists it, so the editors of that
subtree keep it up to date and it rolls up the tree with everything else.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from core.navigation import breadcrumbs
from core.routing import RoutedPage
from institutions.models import INSTITUTION_PAGE_TYPES, Located

from ..cache import events_shown


class VenueKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    LIBRARY = "library", _("图书馆")
    MUSEUM = "museum", _("博物馆、纪念馆")
    CULTURE = "culture", _("文化馆、文化站")
    SPORTS = "sports", _("体育场馆")
    TEACHING_POINT = "teaching_point", _("教学点")
    OTHER = "other", _("其他场所")


class VenuePage(Located, RoutedPage, Page):
    kind = models.CharField(_("场所类型"), max_length=20, choices=VenueKind.choices)
    introduction = models.TextField(
        _("简介"), max_length=300, help_text=_("一两句话：这里是什么地方。")
    )
    open_to_residents = models.TextField(
        _("向居民开放"),
        max_length=500,
        help_text=_("居民可以在这里做什么，例如：阅览室、乒乓球室、周末公益课堂。"),
    )
    how_to_book = models.TextField(
        _("如何预约"),
        max_length=300,
        blank=True,
        help_text=_("不需要预约就留空。"),
    )
    booking_phone = models.CharField(_("预约电话"), max_length=30, blank=True)
    booking_url = models.URLField(_("网上预约地址"), blank=True)
    step_free = models.BooleanField(_("无障碍通道（轮椅可进入）"), default=False)
    accessible_toilet = models.BooleanField(_("无障碍卫生间"), default=False)
    accessibility_notes = models.TextField(
        _("无障碍说明"),
        max_length=300,
        blank=True,
        help_text=_("例如：电梯位置、助听设备、盲道、可借用轮椅。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("introduction"),
        FieldPanel("open_to_residents"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("opening_hours"),
            ],
            heading=_("位置与开放时间"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("how_to_book"),
                FieldRowPanel([FieldPanel("booking_phone"), FieldPanel("booking_url")]),
            ],
            heading=_("预约"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("step_free"), FieldPanel("accessible_toilet")]
                ),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("无障碍"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("address"),
        index.FilterField("kind"),
    ]
    parent_page_types = INSTITUTION_PAGE_TYPES
    subpage_types: list[str] = []
    template = "community/venue_page.html"

    class Meta:
        verbose_name = _("学习场所")
        verbose_name_plural = _("学习场所")

    def get_context(self, request, *args, **kwargs):

        from ..selectors import upcoming_events

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(page=self)
        context["events"] = events_shown(
            request=request, events=upcoming_events(venue=self, limit=10)
        )
        return context
