"""Community events and who has registered for them.

An event is a page under the institution that runs it. Registrations are rows:
a seat is either confirmed or on the waiting list, and a cancelled row stays
for the record. Seats are handed out under a lock on the event (see
`community.registration`), and the database allows one live registration per
resident and event, so racing requests can neither overfill nor double-book.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.navigation import breadcrumbs
from core.routing import RoutedPage

from ..cache import event_page_depends
from .venues import INSTITUTION_PAGE_TYPES


class EventKind(models.TextChoices):
    TALK = "talk", _("讲座")
    SALON = "salon", _("沙龙")
    STUDY_TOUR = "study_tour", _("游学研学")
    TALENT_SHOW = "talent_show", _("才艺展演")
    LEARNING_WEEK = "learning_week", _("终身学习活动周")
    WORKSHOP = "workshop", _("体验课、工作坊")


class EventPage(RoutedPage, Page):
    kind = models.CharField(_("活动类型"), max_length=20, choices=EventKind.choices)
    introduction = models.TextField(
        _("简介"), max_length=300, help_text=_("一两句话：活动讲什么、适合谁。")
    )
    body = RichTextField(
        _("详细介绍"), blank=True, features=["bold", "link", "ol", "ul"]
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    venue = models.ForeignKey(
        "community.VenuePage",
        verbose_name=_("场所"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("留空表示在主办机构举行。"),
    )
    room = models.CharField(
        _("具体位置"), max_length=100, blank=True, help_text=_("例如：二楼多功能厅")
    )
    capacity = models.PositiveIntegerField(
        _("名额"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    hours = models.DecimalField(
        _("计入学时"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("24"))],
        help_text=_("签到后记入居民学习档案。留空则按活动时长计算。"),
    )
    credits = models.DecimalField(
        _("学分"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("10"))],
        help_text=_("签到后存入社区学分银行；0 表示不计学分。"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel([FieldPanel("venue"), FieldPanel("room")], heading=_("地点")),
        FieldRowPanel(
            [FieldPanel("capacity"), FieldPanel("hours"), FieldPanel("credits")]
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.FilterField("kind"),
        index.FilterField("starts_at"),
    ]
    parent_page_types = INSTITUTION_PAGE_TYPES
    subpage_types: list[str] = []
    template = "community/event_page.html"

    class Meta:
        verbose_name = _("社区活动")
        verbose_name_plural = _("社区活动")

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("结束时间要晚于开始时间。")})

    @property
    def learning_hours(self) -> Decimal:
        """Hours credited to an attendee's record: as stated, else the length."""
        if self.hours is not None:
            return self.hours
        seconds = (self.ends_at - self.starts_at).total_seconds()
        return (Decimal(seconds) / 3600).quantize(Decimal("0.1"))

    @property
    def has_started(self) -> bool:
        return timezone.now() >= self.starts_at

    @property
    def host(self) -> Page:
        """The institution running the event: the page it sits under."""
        return self.get_parent().specific

    @property
    def place(self):
        """Where it happens: the venue, or the host institution."""
        return self.venue or self.host

    def get_context(self, request, *args, **kwargs):

        from ..registration import can_check_in
        from ..selectors import (
            event_seats,
            registration_for,
            ticket_qr,
            waiting_position,
        )

        context = super().get_context(request, *args, **kwargs)
        event_page_depends(request=request, event=self)
        held = registration_for(self, request.user)
        context.update(
            breadcrumbs=breadcrumbs(page=self),
            seats=event_seats(self),
            registration=held,
            can_check_in=can_check_in(self, request.user),
        )
        if held and held.status == EventRegistration.Status.CONFIRMED:
            context["ticket_qr"] = ticket_qr(request, held)
        elif held:
            context["waiting_position"] = waiting_position(held)
        return context


def _new_token() -> str:
    return secrets.token_urlsafe(16)


class EventRegistration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已报名")
        WAITING = "waiting", _("候补")
        CANCELLED = "cancelled", _("已取消")

    event = models.ForeignKey(
        EventPage, on_delete=models.CASCADE, related_name="registrations"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    token = models.CharField(max_length=32, unique=True, default=_new_token)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "learner"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_each",
            ),
            models.CheckConstraint(
                condition=models.Q(checked_in_at__isnull=True)
                | models.Q(status="confirmed"),
                name="only_confirmed_check_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.learner}"
