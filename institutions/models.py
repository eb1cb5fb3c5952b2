"""The community-education network as Wagtail's page tree.

City guidance centre → district community colleges → township community
schools → village teaching points. Each level is a page type of its own, so the
tree itself enforces the hierarchy and editor permissions follow subtrees.

This is the bottom of the domain: nothing here names a model of the apps above.
Courses, events, venues and brands say where they may live (their
``parent_page_types``), and their shelves on institution pages come from those
apps' template tags.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index

from core.navigation import breadcrumbs
from core.routing import RoutedPage

from .forms import ApproveForm, RejectForm


class Located(models.Model):
    """Where a place is and when it is open: institutions and venues alike.

    Coordinates are optional, so a place nobody has pinned on a map still shows
    in every list; they are given both or not at all.
    """

    address = models.CharField(_("地址"), max_length=200)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-90")),
            MaxValueValidator(Decimal("90")),
        ],
    )
    longitude = models.DecimalField(
        _("经度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-180")),
            MaxValueValidator(Decimal("180")),
        ],
    )
    opening_hours = models.TextField(
        _("开放时间"),
        max_length=300,
        blank=True,
        help_text=_("每行一段，例如：周一至周五 8:30–17:30"),
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("经度和纬度需要同时填写，或同时留空。"))

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def opening_hours_lines(self) -> list[str]:
        return [
            line.strip() for line in self.opening_hours.splitlines() if line.strip()
        ]


class InstitutionPage(Located, RoutedPage, Page):
    """Fields every institution in the network shares."""

    level_label = ""

    introduction = models.TextField(
        _("简介"), max_length=400, help_text=_("一两句话介绍本机构，显示在列表和页首。")
    )
    body = RichTextField(
        _("详细介绍"), blank=True, features=["bold", "link", "ol", "ul"]
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    population_served = models.PositiveIntegerField(
        _("服务常住人口"), default=0, help_text=_("用于计算居民参与率。")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("phone")]),
                FieldPanel("opening_hours"),
            ],
            heading=_("地址与联系方式"),
        ),
        FieldPanel("population_served"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("address"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(page=self)
        return context


class CityCentrePage(InstitutionPage):
    """The city guidance centre; also the site's home page."""

    level_label = _("市级指导中心")
    city_name = models.CharField(_("城市名称"), max_length=30)
    tagline = models.CharField(_("首页标语"), max_length=80, blank=True)

    content_panels = [
        *InstitutionPage.content_panels[:1],
        FieldPanel("city_name"),
        FieldPanel("tagline"),
        *InstitutionPage.content_panels[1:],
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "institutions/city_centre_page.html"

    class Meta:
        verbose_name = _("市级社区教育指导中心")
        verbose_name_plural = _("市级社区教育指导中心")

    def get_context(self, request, *args, **kwargs):
        from . import selectors  # selectors read these models

        context = super().get_context(request, *args, **kwargs)
        context["districts"] = tree = selectors.institution_tree(city=self)
        context["stats"] = selectors.network_stats(city=self, tree=tree)
        return context


class DistrictCollegePage(InstitutionPage):
    level_label = _("区县社区学院")
    townships_total = models.PositiveIntegerField(
        _("辖区乡镇（街道）数"),
        default=0,
        help_text=_("用于计算社区学校覆盖率；不填则按已建社区学校计。"),
    )
    content_panels = [*InstitutionPage.content_panels, FieldPanel("townships_total")]
    parent_page_types = ["cms.CityCentrePage"]
    template = "institutions/institution_page.html"

    class Meta:
        verbose_name = _("区县社区学院")
        verbose_name_plural = _("区县社区学院")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["children_heading"] = _("乡镇（街道）社区学校")
        context["child_institutions"] = selectors.township_list(district=self)
        return context


class TownshipSchoolPage(InstitutionPage):
    level_label = _("乡镇（街道）社区学校")
    villages_total = models.PositiveIntegerField(
        _("辖区村（居）数"),
        default=0,
        help_text=_("用于计算教学点覆盖率；不填则按已建教学点计。"),
    )
    content_panels = [*InstitutionPage.content_panels, FieldPanel("villages_total")]
    parent_page_types = ["cms.DistrictCollegePage"]
    template = "institutions/institution_page.html"

    class Meta:
        verbose_name = _("乡镇（街道）社区学校")
        verbose_name_plural = _("乡镇（街道）社区学校")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context["children_heading"] = _("村（居）教学点")
        context["child_institutions"] = selectors.village_list(township=self)
        return context


class VillagePointPage(InstitutionPage):
    level_label = _("村（居）教学点")
    parent_page_types = ["cms.TownshipSchoolPage"]
    template = "institutions/institution_page.html"

    class Meta:
        verbose_name = _("村（居）教学点")
        verbose_name_plural = _("村（居）教学点")


# For the page types above that may live under any institution.
INSTITUTION_PAGE_TYPES = [
    "cms.CityCentrePage",
    "cms.DistrictCollegePage",
    "cms.TownshipSchoolPage",
    "cms.VillagePointPage",
]
INSTITUTION_PAGE_MODELS = (
    CityCentrePage,
    DistrictCollegePage,
    TownshipSchoolPage,
    VillagePointPage,
)


class InstitutionEditorGroup(models.Model):
    """Links an institution to the editor group and collection it owns.

    Kept as a row rather than derived from names, so renaming an institution
    renames its group instead of creating a second one.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="editor_group_link"
    )
    group = models.OneToOneField(
        "auth.Group", on_delete=models.CASCADE, related_name="institution_link"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        on_delete=models.PROTECT,
        related_name="institution_link",
    )

    class Meta:
        verbose_name = _("机构编辑组")
        verbose_name_plural = _("机构编辑组")

    def __str__(self) -> str:
        return self.group.name


class ReviewTask(AbstractGroupApprovalTask):
    """The review step of an institution's workflow.

    Its groups are the editors of the colleges and the city above (and at)
    the institution; teachers submit, they never approve. Nobody is offered
    a submission they requested, submitted or last edited: it waits for the
    step's other approvers, and with the city's editors always in the step
    there is a level above to take it.
    """

    @staticmethod
    def _authors(state) -> set[int]:
        """Who requested, submitted and last edited a workflow state's object."""
        ids = {state.requested_by_id}
        task_state = state.current_task_state
        if task_state is not None and task_state.revision_id:
            ids.add(task_state.revision.user_id)
        latest = getattr(state.content_object, "get_latest_revision", None)
        if latest is not None and (revision := latest()) is not None:
            ids.add(revision.user_id)
        ids.discard(None)
        return ids

    def get_actions(self, obj, user):
        """Approve and reject, each behind a confirmation screen.

        Wagtail's plain 批准 publishes at one tap (from the dashboard too);
        here both open a screen that says what will happen and takes an
        optional comment for the teacher.
        """
        state = getattr(obj, "current_workflow_state", None)
        if state is not None and user.pk in self._authors(state):
            return []
        if not super().get_actions(obj, user):
            return []
        return [
            ("reject", _("退回修改"), True),
            ("approve", _("批准并发布"), True),
        ]

    def get_form_for_action(self, action):
        return RejectForm if action == "reject" else ApproveForm

    def get_template_for_action(self, action):
        if action == "approve":
            return "institutions/review_approve_modal.html"
        return super().get_template_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        """Approving approves what the reviewer sees: the latest draft.

        With re-approval on edit, an approval of the submitted revision after
        the teacher (or the reviewer, in the same save) changed the draft
        left the page waiting for a second approval without a word; here the
        step moves to the latest revision first, and the confirmation says so.
        """
        if action_name == "approve":
            latest = task_state.workflow_state.content_object.get_latest_revision()
            if latest is not None and latest.pk != task_state.revision_id:
                task_state.revision = latest
                task_state.save(update_fields=["revision"])
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        own = [
            task_state.pk
            for task_state in states.select_related("workflow_state")
            if user.pk in self._authors(task_state.workflow_state)
        ]
        return states.exclude(pk__in=own)

    @classmethod
    def get_description(cls):
        return _("学院和市中心的编辑审核；不能审核自己提交或最后修改的内容")

    class Meta:
        verbose_name = _("机构审核")
        verbose_name_plural = _("机构审核")
