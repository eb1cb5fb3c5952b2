"""What editors maintain for the supermarket, what it learns from residents,
and the database copy of each document that answers when Elasticsearch can't."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from . import thesaurus


class Synonym(models.Model):
    """An entry of the supermarket's thesaurus: words residents use for the
    same thing (摔倒 跌倒), or, one way, a resident's word for the catalogue's
    (太级拳 → 太极拳, 防骗 → 防诈骗). See `thesaurus`.

    Applied when a query is read, so an edit takes effect at once, with no
    reindex. An entry that would loop or blow up a query is refused.
    """

    class Category(models.TextChoices):
        ACTIVITY = "activity", _("活动与兴趣")
        HEALTH = "health", _("健康与疾病")
        SERVICE = "service", _("生活与办事")
        PLACE = "place", _("本地地名")
        SOUND = "sound", _("同音错字")
        OTHER = "other", _("其他")

    words = models.CharField(
        _("居民会搜的词"),
        max_length=200,
        unique=True,
        help_text=_("用空格或逗号分开，例如：摔倒 跌倒 摔跤"),
    )
    means = models.CharField(
        _("也当作这些词来搜"),
        max_length=200,
        blank=True,
        help_text=_(
            "留空：上面的词意思相同，搜哪个都能找到全部。"
            "填写：居民搜上面的词时也找这里的词，反过来不会，"
            "例如 太级拳 → 太极拳、防骗 → 防诈骗。"
        ),
    )
    category = models.CharField(
        _("类别"), max_length=10, choices=Category.choices, default=Category.OTHER
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    panels = [
        FieldPanel("words"),
        FieldPanel("means"),
        FieldPanel("category"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["words"]
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")

    def __str__(self) -> str:
        if self.means:
            return f"{self.words} → {self.means}"
        return self.words

    @property
    def terms(self) -> list[str]:
        return list(thesaurus.terms(self.words))

    @property
    def entry(self) -> thesaurus.Entry:
        return thesaurus.Entry(
            words=thesaurus.terms(self.words),
            means=thesaurus.terms(self.means),
            category=self.category,
        )

    def clean(self) -> None:
        entry = self.entry
        others = Synonym.objects.exclude(pk=self.pk) if self.pk else Synonym.objects
        found = thesaurus.problems(entry, [other.entry for other in others.all()])
        if found:
            raise ValidationError({"words": found})
        self.words = " ".join(entry.words)
        self.means = " ".join(entry.means)


class SearchQuery(models.Model):
    """One normalised query and how often residents typed it.

    Zero-result queries are what editors look at to see unmet demand.
    """

    text = models.CharField(_("搜索词"), max_length=100, unique=True)
    searches = models.PositiveIntegerField(_("搜索次数"), default=0)
    last_results = models.PositiveIntegerField(_("最近一次结果数"), default=0)
    # Set from when the resident searched, not when the worker counted it.
    last_searched_at = models.DateTimeField(_("最近搜索时间"), default=timezone.now)
    visitors = models.PositiveIntegerField(
        _("搜索过的人数"),
        default=0,
        help_text=_("不同的访客（按网络地址，30 天内每人只算一次）。"),
    )
    hidden = models.BooleanField(
        _("不在“大家常搜”里显示"),
        default=False,
        help_text=_("广告、诈骗或不合适的词，勾上后不再推荐给居民。"),
    )

    class Meta:
        ordering = ["-searches"]
        verbose_name = _("居民搜索词")
        verbose_name_plural = _("居民搜索词")

    def __str__(self) -> str:
        return self.text


class SearchMiss(models.Model):
    """A visitor's last search that found nothing, kept a few minutes to see
    whether the same visitor then finds something by other words."""

    visitor = models.CharField(max_length=32, unique=True)
    text = models.CharField(max_length=100)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.text


class SynonymCandidate(models.Model):
    """A word residents searched without result, and the words they found
    something with next: offered to editors as a thesaurus entry (missed →
    found), never applied by itself."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待处理")
        ACCEPTED = "accepted", _("已采纳")
        REJECTED = "rejected", _("不采纳")

    missed = models.CharField(_("没搜到的词"), max_length=100)
    found = models.CharField(_("接着搜到的词"), max_length=100)
    times = models.PositiveIntegerField(_("出现次数"), default=1)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    first_seen_at = models.DateTimeField(_("第一次出现"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("最近一次"), auto_now=True)

    class Meta:
        ordering = ["-times", "-last_seen_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["missed", "found"], name="search_candidate_pair"
            )
        ]
        verbose_name = _("同义词建议")
        verbose_name_plural = _("同义词建议")

    def __str__(self) -> str:
        return f"{self.missed} → {self.found}"


class SearchEntry(models.Model):
    """The stored copy of one document (see `documents.build`), of a page or
    of a learning group.

        The whole document is kept, so a reindex streams stored documents instead
        of segmenting every page again, and the columns beside it answer the
        database fallback.

        Word fields hold jieba's words between spaces (" 太极 太极拳 "), so the
        fallback matches whole words the same way the index does.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", null=True
    )
    group = models.OneToOneField(
        "community.LearningGroup",
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
    )
    kind = models.CharField(max_length=10)
    external_id = models.CharField(max_length=100, blank=True, db_index=True)
    url = models.CharField(max_length=500)
    title = models.CharField(max_length=255)
    detail = models.CharField(max_length=300, blank=True)
    ends_at = models.DateTimeField(null=True)
    coming = models.BooleanField(default=False)
    summary = models.TextField(blank=True)
    title_words = models.TextField(blank=True)
    summary_words = models.TextField(blank=True)
    text_words = models.TextField(blank=True)
    pinyin = models.TextField(blank=True)
    content_area = models.CharField(max_length=40, blank=True, db_index=True)
    content_area_name = models.CharField(max_length=40, blank=True)
    audiences = models.CharField(max_length=300, blank=True)
    format = models.CharField(max_length=10, db_index=True)
    duration_seconds = models.PositiveIntegerField(default=0)
    duration_band = models.CharField(max_length=10, db_index=True)
    institution = models.CharField(max_length=255, blank=True, db_index=True)
    institution_name = models.CharField(max_length=255, blank=True)
    district = models.CharField(max_length=255, blank=True, db_index=True)
    local_topic = models.CharField(max_length=40, blank=True, db_index=True)
    featured = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True)
    views = models.PositiveIntegerField(default=0)
    rating = models.FloatField(default=0.0)
    document = models.JSONField(default=dict)
    revised_at = models.CharField(max_length=40, blank=True)
    version = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(page__isnull=False, group__isnull=True)
                | models.Q(page__isnull=True, group__isnull=False),
                name="search_entry_page_or_group",
            )
        ]
        verbose_name = _("搜索条目")
        verbose_name_plural = _("搜索条目")

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """A Chinese word of the catalogue and how it reads, so typed pinyin
    (gaoxueya, gxy, or gaoxue while still typing) is searched as the words
    it stands for. Filled as documents are stored (`vocabulary.add`)."""

    word = models.CharField(max_length=12, unique=True)
    pinyin = models.CharField(max_length=80, db_index=True)
    initials = models.CharField(max_length=12, db_index=True)

    class Meta:
        verbose_name = _("拼音词表")
        verbose_name_plural = _("拼音词表")

    def __str__(self) -> str:
        return self.word
