"""一个社区一个品牌: each community's own learning brand, the city's showcase
of all of them, and the yearly showcase competition residents vote in."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    PageChooserPanel,
)
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.navigation import breadcrumbs
from core.pagecache import page_depends_on, page_inline_style
from core.routing import RoutedPage

from .. import colours
from ..cache import events_shown, next_turn

COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("请用 #RRGGBB 格式填写颜色，例如 #0b5d48。")
)


class BrandStoryBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("文字")
    )
    image = ImageBlock(label=_("图片"))
    quote = blocks.StructBlock(
        [("words", blocks.TextBlock(label=_("原话"))),
         ("who", blocks.CharBlock(label=_("说话的人"), max_length=40))],
        label=_("居民说"), icon="openquote",
    )  # fmt: skip


class CommunityBrandPage(RoutedPage, Page):
    slogan = models.CharField(_("品牌口号"), max_length=40)
    introduction = models.TextField(_("品牌简介"), max_length=300)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    colour = models.CharField(
        _("品牌颜色"),
        max_length=7,
        default="#0b5d48",
        validators=[COLOUR],
        help_text=_("任选一种颜色；页面会自动调整文字颜色，保证看得清。"),
    )
    story = StreamField(BrandStoryBlock(), verbose_name=_("品牌故事"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("slogan"),
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("logo"), FieldPanel("colour")]),
        FieldPanel("story"),
        InlinePanel(
            "featured_items", heading=_("推荐课程和微课"), label=_("推荐"), max_num=8
        ),
        InlinePanel("people", heading=_("志愿者和老师"), label=_("人物"), max_num=12),
        InlinePanel("photos", heading=_("活动照片"), label=_("照片"), max_num=24),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("slogan"),
        index.SearchField("introduction"),
    ]
    parent_page_types = ["cms.TownshipSchoolPage", "cms.VillagePointPage"]
    subpage_types: list[str] = []
    template = "community/brand_page.html"

    class Meta:
        verbose_name = _("社区学习品牌")
        verbose_name_plural = _("社区学习品牌")

    @property
    def safe_colour(self) -> str:
        """The colour, or the site's own if what is stored is not #rrggbb."""
        return self.colour if colours.HEX.match(self.colour or "") else "#0b5d48"

    @property
    def band(self) -> tuple[str, str]:
        return colours.band(self.safe_colour)

    @property
    def accent(self) -> str:
        return colours.readable_on_white(self.safe_colour)

    def get_context(self, request, *args, **kwargs):

        from ..selectors import groups_within, upcoming_events

        context = super().get_context(request, *args, **kwargs)
        band, band_text = self.band
        # Colours are checked hex values (safe_colour), so the block renders
        # exactly as hashed.
        context["brand_style"] = page_inline_style(
            request=request,
            css=f".brand-page{{--brand-band:{band};--brand-band-text:{band_text};"
            f"--brand-accent:{self.accent};}}",
        )
        community = self.get_parent()
        context.update(
            breadcrumbs=breadcrumbs(page=self),
            featured=[
                row.item
                for row in self.featured_items.select_related("item")
                if row.item.live
            ],
            community=community.specific,
            events=events_shown(
                request=request, events=upcoming_events(within=community, limit=6)
            ),
            groups=groups_within(community)[:8],
        )
        return context


class BrandFeaturedItem(Orderable):
    brand = ParentalKey(CommunityBrandPage, related_name="featured_items")
    item = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("课程或微课"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    panels = [
        PageChooserPanel("item", ["resources.CoursePage", "resources.LessonPage"])
    ]

    def clean(self) -> None:
        super().clean()
        if self.item_id and self.item.specific_class.__name__ not in (
            "CoursePage",
            "LessonPage",
        ):
            raise ValidationError({"item": _("只能推荐课程或微课。")})


class BrandPerson(Orderable):
    class Role(models.TextChoices):
        TEACHER = "teacher", _("老师")
        VOLUNTEER = "volunteer", _("志愿者")

    brand = ParentalKey(CommunityBrandPage, related_name="people")
    name = models.CharField(_("姓名"), max_length=30)
    role = models.CharField(_("身份"), max_length=10, choices=Role.choices)
    about = models.CharField(_("一句话介绍"), max_length=80, blank=True)
    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
              FieldPanel("about")]  # fmt: skip


class BrandPhoto(Orderable):
    brand = ParentalKey(CommunityBrandPage, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("照片"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("说明（读屏软件会读出）"), max_length=60)
    panels = [FieldPanel("image"), FieldPanel("caption")]


class BrandShowcasePage(RoutedPage, Page):
    """The city's showcase of every community brand, and its competitions."""

    introduction = models.TextField(_("简介"), max_length=300)
    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    parent_page_types = ["cms.CityCentrePage"]
    subpage_types = ["community.ShowcaseCompetitionPage"]
    max_count = 1
    template = "community/brand_showcase_page.html"

    class Meta:
        verbose_name = _("社区品牌展示")
        verbose_name_plural = _("社区品牌展示")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import brands_by_district

        context = super().get_context(request, *args, **kwargs)
        context["districts"] = brands_by_district()
        context["competitions"] = (
            ShowcaseCompetitionPage.objects.live().child_of(self).order_by("-opens_at")
        )
        return context


class ShowcaseCompetitionPage(RoutedPage, Page):
    """社区文化展演评比: one vote per signed-in resident, results after closing."""

    introduction = models.TextField(_("评比说明"), max_length=500)
    opens_at = models.DateTimeField(_("投票开始"))
    closes_at = models.DateTimeField(_("投票截止"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        InlinePanel("entries", heading=_("参评品牌"), label=_("参评品牌"), min_num=2),
    ]
    parent_page_types = ["community.BrandShowcasePage"]
    subpage_types: list[str] = []
    template = "community/competition_page.html"

    class Meta:
        verbose_name = _("社区文化展演评比")
        verbose_name_plural = _("社区文化展演评比")

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("投票截止时间要晚于开始时间。")})

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def is_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    def get_context(self, request, *args, **kwargs):
        from ..selectors import competition_results, vote_of

        context = super().get_context(request, *args, **kwargs)
        page_depends_on(
            request=request,
            tags=(f"votes:{self.pk}",),
            until=next_turn(self.opens_at, self.closes_at),
        )
        context["entries"] = self.entries.select_related("brand")
        context["my_vote"] = vote_of(self, request.user)
        if self.is_closed:
            context["results"] = competition_results(self)
        return context


class CompetitionEntry(Orderable):
    competition = ParentalKey(ShowcaseCompetitionPage, related_name="entries")
    brand = models.ForeignKey(
        CommunityBrandPage,
        verbose_name=_("社区品牌"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    programme = models.CharField(_("展演节目"), max_length=60)
    panels = [FieldPanel("brand"), FieldPanel("programme")]


class CompetitionVote(models.Model):
    competition = models.ForeignKey(
        ShowcaseCompetitionPage, on_delete=models.CASCADE, related_name="votes"
    )
    brand = models.ForeignKey(
        CommunityBrandPage, on_delete=models.CASCADE, related_name="+"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "voter"], name="one_vote_per_competition"
            )
        ]
