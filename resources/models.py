"""Courses and the content areas they belong to."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

INSTITUTION_PAGE_TYPES = [
    "cms.CityCentrePage",
    "cms.DistrictCollegePage",
    "cms.TownshipSchoolPage",
    "cms.VillagePointPage",
]


class Topic(models.Model):
    """One of the content areas named in the local community-education policy."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    slug = models.SlugField(
        _("网址别名"), max_length=40, unique=True, allow_unicode=False
    )
    symbol = models.CharField(
        _("标识字"), max_length=2, help_text=_("显示在分类图标中的一个汉字，例如“艺”。")
    )
    description = models.CharField(_("说明"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("symbol")]),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("内容领域")
        verbose_name_plural = _("内容领域")

    def __str__(self) -> str:
        return self.name


class CoursePage(Page):
    """A course published by one institution of the network."""

    topic = models.ForeignKey(
        Topic,
        verbose_name=_("内容领域"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    summary = models.CharField(_("课程简介"), max_length=200)
    body = RichTextField(_("课程介绍"), blank=True)
    teacher = models.CharField(_("授课教师"), max_length=50, blank=True)
    hours = models.PositiveSmallIntegerField(_("学时"), default=1)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("topic"), FieldPanel("hours")]),
        FieldPanel("teacher"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("topic"),
    ]

    parent_page_types = INSTITUTION_PAGE_TYPES
    subpage_types: list[str] = []
    template = "resources/course_page.html"

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")

    @property
    def institution(self) -> Page:
        return self.get_parent().specific

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import breadcrumbs

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(page=self)
        return context
