"""Courses, micro-lessons and the taxonomies editors curate for them."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    OuterRef,
    StringAgg,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.navigation import breadcrumbs
from core.routing import RoutedPage
from core.validation import ASCII_DIGITS
from institutions.models import INSTITUTION_PAGE_TYPES
from institutions.selectors import institution_staff
from media_pipeline.models import MediaAsset
from media_pipeline.selectors import media_assets_for

from ..blocks import LessonBodyBlock
from .contributions import Contribution

FEATURE_PERMISSION = "resources.feature_coursepage"

# A new course starts from this outline, so teachers fill in rather than invent.
COURSE_BODY_TEMPLATE = (
    "<h3>学完能做什么</h3><p>（用一两句话写清楚学习目标）</p>"
    "<h3>适合谁学</h3><p>（例如：会用智能手机的老年朋友）</p>"
    "<h3>怎么学</h3><p>每节微课 5 到 15 分钟，可以在家看，也可以到社区学校上课。</p>"
    "<h3>上课时间和地点</h3><p>（写明线下课的时间、地点和报名方式）</p>"
)
# The outline's bracketed paragraphs are prompts for the teacher, never content.
OUTLINE_PROMPTS = tuple(re.findall(r"<p>(（[^<]*）)</p>", COURSE_BODY_TEMPLATE))


def outline_prompts_left(body: str | None) -> list[str]:
    """The outline's prompts still in a course introduction."""
    return [prompt for prompt in OUTLINE_PROMPTS if prompt in (body or "")]


class Taxonomy(models.Model):
    """An editable list of labels (content areas, audiences, local themes)."""

    name = models.CharField(_("名称"), max_length=30, unique=True)
    slug = models.SlugField(_("网址别名"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Topic(Taxonomy):
    """One of the content areas named in the local community-education policy."""

    symbol = models.CharField(
        _("标识字"), max_length=2, help_text=_("显示在分类图标中的一个汉字，例如“艺”。")
    )
    description = models.CharField(_("说明"), max_length=120, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("symbol")]),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta(Taxonomy.Meta):
        verbose_name = _("内容领域")
        verbose_name_plural = _("内容领域")


class Audience(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = _("适合人群")
        verbose_name_plural = _("适合人群")


class LocalTheme(Taxonomy):
    """Local-feature themes: city culture, transport and tourism, and so on."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("地方特色主题")
        verbose_name_plural = _("地方特色主题")


class CourseTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.CoursePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ContributorRole(models.TextChoices):
    LEAD = "lead", _("主讲教师")
    CO_AUTHOR = "co_author", _("合作作者")
    REVIEWER = "reviewer", _("审校")
    RESIDENT = "resident", _("居民贡献者")


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", _("入门")
    INTERMEDIATE = "intermediate", _("进阶")
    ADVANCED = "advanced", _("提高")


class Licence(models.TextChoices):
    CC_BY = "cc-by", _("署名（CC BY 4.0）")
    CC_BY_SA = "cc-by-sa", _("署名—相同方式共享（CC BY-SA 4.0）")
    CC_BY_NC = "cc-by-nc", _("署名—非商业性使用（CC BY-NC 4.0）")
    RESERVED = "reserved", _("保留所有权利")


class Contributor(Orderable):
    """A person credited on a course or lesson: a user, or just a name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("署名"), max_length=50)
    role = models.CharField(_("角色"), max_length=12, choices=ContributorRole.choices)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
        FieldPanel("user"),
    ]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class CourseContributor(Contributor):
    page = ParentalKey(
        "resources.CoursePage", on_delete=models.CASCADE, related_name="contributors"
    )


def contributor_candidates(*, page: Page, keep=()) -> models.QuerySet:
    """Whom a course or lesson may credit: the staff of its institution and
    those above it, the residents who contributed to its course, and whoever
    is credited already (`keep`) — never the list of every account."""
    course = page if isinstance(page, CoursePage) else page.get_parent() or page
    residents = Contribution.objects.filter(page__path__startswith=course.path).values(
        "user"
    )
    staff = institution_staff(page=page).values("pk")
    return (
        get_user_model()
        .objects.filter(
            models.Q(pk__in=staff) | models.Q(pk__in=residents) | models.Q(pk__in=keep)
        )
        .order_by("first_name", "username")
    )


def _person(user) -> str:
    return user.get_full_name() or user.first_name or user.get_username()


class ReviewedPageForm(WagtailAdminPageForm):
    """A teacher's page form: what it may hold, and what it needs to go public."""

    def __init__(self, *args, **kwargs):
        if args and args[0] is not None:
            args = (self._blank_authors_are_the_owner(args[0], kwargs), *args[1:])
        super().__init__(*args, **kwargs)
        formset = self.formsets.get("contributors")
        if formset is not None:
            self._limit_people(formset)

    @staticmethod
    def _blank_authors_are_the_owner(data, kwargs):
        """An author row left empty credits the page's owner (the teacher who
        started it), so a course sent from 添加微课 is not stopped at its
        reviewer's 批准 by a blank 署名 nobody on that screen could see."""
        instance = kwargs.get("instance")
        owner = getattr(instance, "owner", None) or kwargs.get("for_user")
        total = data.get("contributors-TOTAL_FORMS")
        if owner is None or not ASCII_DIGITS.fullmatch(str(total or "")):
            return data
        data = data.copy()
        for n in range(min(int(total), 50)):
            prefix = f"contributors-{n}-"
            if data.get(prefix + "DELETE") or data.get(prefix + "name", "").strip():
                continue
            if data.get(prefix + "user"):
                continue
            data[prefix + "name"] = _person(owner)[:50]
            if not data.get(prefix + "role"):
                data[prefix + "role"] = ContributorRole.LEAD
        return data

    def _limit_people(self, formset) -> None:
        page = self.instance if self.instance.pk else self.parent_page
        if page is None:
            return
        keep = [c.user_id for c in self.instance.contributors.all() if c.user_id]
        people = contributor_candidates(page=page, keep=keep)

        def limit(form):
            field = form.fields["user"]
            field.queryset = people
            field.label_from_instance = _person
            field.help_text = _(
                "可选本机构和上级机构的工作人员，以及给这门课提过内容的居民。"
            )

        base = formset.form

        class LimitedForm(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                limit(self)

        formset.form = LimitedForm
        if "forms" in formset.__dict__:
            for form in formset.forms:
                limit(form)

    def _going_public(self) -> bool:
        """Publishing, submitting for review or approving, not saving a draft."""
        return bool(
            self.data.get("action-publish")
            or self.data.get("action-submit")
            or self.data.get("workflow-action-name") == "approve"
        )


class CoursePageForm(ReviewedPageForm):
    """Only editors (not teachers) may mark a course as 精品课程."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if "featured" in self.fields and not (
            user and user.has_perm(FEATURE_PERMISSION)
        ):
            self.fields["featured"].disabled = True
            self.fields["featured"].help_text = _(
                "只有社区学院及以上的编辑可以设置精品课程。"
            )

    def clean(self):
        cleaned = super().clean()
        left = outline_prompts_left(cleaned.get("body"))
        if left and self._going_public():
            self.add_error(
                "body",
                _("课程介绍里还有提示没改：%(prompts)s。请换成这门课自己的内容再提交。")
                % {"prompts": "、".join(f"「{p}」" for p in left)},
            )
        if self._going_public() and self.instance.pk:
            # The same checks as the lesson screen's 提交整门课审核: the
            # editor's own 提交审核 button is no way round them.
            for problem in course_lesson_media_problems(course=self.instance):
                self.add_error(None, problem)
        return cleaned


class CoursePage(RoutedPage, Page):
    """A course published by one institution of the network."""

    topic = models.ForeignKey(
        Topic,
        verbose_name=_("内容领域"),
        on_delete=models.PROTECT,
        related_name="courses",
    )
    summary = models.CharField(_("课程简介"), max_length=200)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("封面图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = RichTextField(
        _("课程介绍"),
        blank=True,
        default=COURSE_BODY_TEMPLATE,
        help_text=_(
            "括号里的文字是提示，请换成这门课自己的内容；提示没改完不能提交审核或发布。"
        ),
    )
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("适合人群"), blank=True
    )
    local_theme = models.ForeignKey(
        LocalTheme,
        verbose_name=_("地方特色主题"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses",
    )
    tags = ClusterTaggableManager(through=CourseTag, blank=True, verbose_name=_("标签"))
    difficulty = models.CharField(
        _("难度"),
        max_length=12,
        choices=Difficulty.choices,
        default=Difficulty.BEGINNER,
    )
    hours = models.PositiveSmallIntegerField(
        _("学时"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    credits = models.DecimalField(
        _("学分"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    licence = models.CharField(
        _("授权方式"), max_length=10, choices=Licence.choices, default=Licence.CC_BY_NC
    )
    featured = models.BooleanField(_("精品课程"), default=False)
    lessons_expected = models.DateField(
        _("预计上线时间"),
        null=True,
        blank=True,
        help_text=_("还没有发布微课时，居民在课程页上看到第一节微课大约哪天上线。"),
    )
    external_id = models.CharField(
        max_length=100, blank=True, db_index=True, editable=False
    )  # from `import_catalog`: the id in the platform the course came from

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldRowPanel(
            [
                FieldPanel("topic", widget=forms.Select),
                FieldPanel("local_theme", widget=forms.Select),
            ]
        ),
        FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("difficulty"), FieldPanel("hours")]),
                FieldRowPanel([FieldPanel("credits"), FieldPanel("licence")]),
                FieldRowPanel([FieldPanel("featured"), FieldPanel("lessons_expected")]),
            ],
            heading=_("学习安排与授权"),
        ),
        InlinePanel("contributors", label=_("作者与贡献者"), min_num=1),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("topic"),
    ]

    base_form_class = CoursePageForm
    parent_page_types = INSTITUTION_PAGE_TYPES
    subpage_types = ["resources.LessonPage"]
    template = "resources/course_page.html"

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        permissions = [("feature_coursepage", _("可以设为精品课程"))]

    @classmethod
    def routed_queryset(cls):
        audiences = (
            cls.audiences.through.objects.filter(coursepage_id=OuterRef("pk"))
            .values("coursepage_id")
            .annotate(
                names=StringAgg(
                    "audience__name",
                    Value("、"),
                    order_by=("audience__sort_order", "audience__name"),
                )
            )
            .values("names")
        )
        tags = (
            CourseTag.objects.filter(content_object_id=OuterRef("pk"))
            .values("content_object_id")
            .annotate(names=StringAgg("tag__name", Value("、"), order_by="pk"))
            .values("names")
        )
        return (
            super()
            .routed_queryset()
            .select_related("topic", "local_theme")
            .annotate(audience_names=Subquery(audiences), tag_names=Subquery(tags))
        )

    def _names(self, field: str, related) -> str:
        """Audiences or tags joined for the page: read with the page when it
        was routed to, else (a preview) from the form's unsaved relations."""
        if field in self.__dict__:
            return self.__dict__[field] or ""
        return "、".join(str(item) for item in related.all())

    @property
    def lead_teachers(self) -> list[CourseContributor]:
        return [c for c in self.contributors.all() if c.role == ContributorRole.LEAD]

    def get_context(self, request, *args, **kwargs):

        from ..selectors import course_similar_learnable, syllabus_for_course

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(page=self)
        context["audience_names"] = self._names("audience_names", self.audiences)
        context["tag_names"] = self._names("tag_names", self.tags)
        context["syllabus"] = syllabus_for_course(course=self)
        if not context["syllabus"]:
            # Not a dead end: say when lessons come, offer courses to learn now.
            context["similar_courses"] = course_similar_learnable(course=self)
        if getattr(request, "is_preview", False):
            # The reviewer sees every lesson as it will go live, drafts too.
            context["review_lessons"] = [
                lesson.get_latest_revision_as_object()
                for lesson in LessonPage.objects.child_of(self).order_by("path")
            ]
        return context


class LessonContributor(Contributor):
    page = ParentalKey(
        "resources.LessonPage", on_delete=models.CASCADE, related_name="contributors"
    )


def body_media(body) -> list[MediaAsset]:
    """The assets of a lesson body's video and audio blocks, in order."""
    return [
        block.value["asset"]
        for block in body or []
        if block.block_type in ("video", "audio") and block.value.get("asset")
    ]


def course_lesson_media_problems(*, course) -> list[str]:
    """What stops the course's lessons going to review with it: a video that
    failed to transcode, or one still processing (said per lesson)."""
    problems = []
    for lesson in LessonPage.objects.child_of(course).order_by("path"):
        draft = lesson.get_latest_revision_as_object()
        for asset in body_media(draft.body)[:1]:
            if asset.status == MediaAsset.Status.FAILED:
                problems.append(
                    _("「%(title)s」的视频没能转码（%(reason)s），请删掉或换一个文件。")
                    % {"title": draft.title, "reason": asset.failure_message}
                )
            elif asset.status != MediaAsset.Status.READY:
                problems.append(
                    _("「%(title)s」的视频还在处理（%(progress)s%%），请稍等再提交。")
                    % {"title": draft.title, "progress": asset.progress}
                )
    return problems


class LessonPageForm(ReviewedPageForm):
    """A lesson may use only media its author may choose, and only working media
    goes to review.

    Media already on the lesson stays allowed, so a colleague from another
    level can still edit a lesson that uses the city's clip.
    """

    def clean(self):
        cleaned = super().clean()
        parent = self.instance.get_parent() if self.instance.pk else self.parent_page
        if (
            self.data.get("action-submit")
            and parent is not None
            and parent.workflow_in_progress
        ):
            # One submission per course: a lesson sent on its own now would
            # wait apart from the course its reviewer is approving.
            self.add_error(
                None,
                _("这门课正在审核中，这节微课会跟着课程一起审核，不用单独提交。"),
            )
        assets = body_media(cleaned.get("body"))
        user = getattr(self, "for_user", None)
        if assets and user is not None:
            kept = (
                {a.pk for a in body_media(self.instance.body)}
                if self.instance.pk
                else set()
            )
            wanted = {a.pk for a in assets} - kept
            allowed = set(
                media_assets_for(user=user, actions=("choose",))
                .filter(pk__in=wanted)
                .values_list("pk", flat=True)
            )
            if wanted - allowed:
                self.add_error(
                    "body", _("只能选用本机构（及下级）上传的音视频，请重新选择。")
                )
        if self._going_public():
            failed = [a for a in assets if a.status == MediaAsset.Status.FAILED]
            for asset in failed:
                self.add_error(
                    "body",
                    _(
                        "音视频「%(title)s」没能转码（%(reason)s）。请换一个文件或删掉这段视频再提交。"
                    )
                    % {"title": asset.title, "reason": asset.failure_message},
                )
        return cleaned


class LessonPage(RoutedPage, Page):
    """A micro-lesson, typically 5–20 minutes, inside a course or standing alone."""

    summary = models.CharField(_("一句话简介"), max_length=200)
    unit = models.CharField(
        _("所属单元"),
        max_length=60,
        blank=True,
        help_text=_("同一单元的微课在课程目录里归在一起，例如“第一单元 认识手机”。"),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("时长（分钟）"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("微课内容"), blank=True)
    optional = models.BooleanField(
        _("选学"),
        default=False,
        help_text=_("选学微课不计入课程完成，其余微课都学完才算完成课程。"),
    )
    external_id = models.CharField(
        max_length=100, blank=True, db_index=True, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel(
            [FieldPanel("unit"), FieldPanel("duration_minutes"), FieldPanel("optional")]
        ),
        FieldPanel("body"),
        InlinePanel("contributors", label=_("作者与贡献者")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]

    # Editors add lessons to a course. A lesson standing alone under an
    # institution comes from a resident's proposal (contribute views).
    parent_page_types = ["resources.CoursePage"]
    subpage_types: list[str] = []
    template = "resources/lesson_page.html"
    base_form_class = LessonPageForm

    class Meta:
        verbose_name = _("微课")
        verbose_name_plural = _("微课")

    @property
    def formats(self) -> list[str]:
        """The kinds of material in the lesson, for the syllabus' format labels."""
        kinds = {block.block_type for block in self.body}
        order = ("video", "audio", "text", "document", "gallery", "quiz")
        return [kind for kind in order if kind in kinds]

    def get_context(self, request, *args, **kwargs):

        from ..progress import is_media_lesson, view_token
        from ..selectors import lesson_neighbours
        from .progress import LessonProgress

        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumbs(page=self)
        context["course"], context["previous"], context["next"] = lesson_neighbours(
            lesson=self
        )
        context["media_lesson"] = is_media_lesson(self)
        # Every player shows its asset's caption tracks: one query for all.
        prefetch_related_objects(body_media(self.body), "captions")
        if request.user.is_authenticated:
            context["progress"] = LessonProgress.objects.filter(
                learner=request.user, lesson=self
            ).first()
            context["progress_view"] = view_token(learner=request.user, lesson=self)
        return context
