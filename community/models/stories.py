"""百姓学习之星: residents nominate a neighbour whose learning changed their
life; editors review the nomination and publish the story as a page."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.navigation import breadcrumbs
from core.routing import RoutedPage

from .venues import INSTITUTION_PAGE_TYPES


class StarNomination(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        ACCEPTED = "accepted", _("已采用")
        DECLINED = "declined", _("未采用")

    nominee_name = models.CharField(_("被推荐人姓名"), max_length=30)
    place = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("所在社区或村"),
        on_delete=models.PROTECT,
        related_name="star_nominations",
    )
    story = models.TextField(
        _("推荐理由"),
        max_length=1000,
        help_text=_("他（她）学了什么、怎么坚持的、给身边人带来了什么变化。"),
    )
    nominee_consents = models.BooleanField(
        _("被推荐人同意公开姓名和事迹"), default=False
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    story_page = models.ForeignKey(
        "community.LearningStarPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    created_at = models.DateTimeField(_("推荐时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("学习之星推荐")
        verbose_name_plural = _("学习之星推荐")

    def __str__(self) -> str:
        return self.nominee_name


class LearningStarPage(RoutedPage, Page):
    person_name = models.CharField(_("姓名"), max_length=30)
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(
        _("一句话事迹"),
        max_length=120,
        help_text=_("例如：七十岁学会用手机，教会全村老人视频通话。"),
    )
    story = RichTextField(_("事迹"), features=["bold", "italic", "ol", "ul"])

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("person_name"), FieldPanel("year")]),
        FieldPanel("summary"),
        FieldPanel("photo"),
        FieldPanel("story"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = INSTITUTION_PAGE_TYPES
    subpage_types: list[str] = []
    template = "community/learning_star_page.html"

    class Meta:
        verbose_name = _("百姓学习之星")
        verbose_name_plural = _("百姓学习之星")

    def get_context(self, request, *args, **kwargs):

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(page=self)
        return context
