"""What editors maintain for the supermarket, what it learns from residents,
and the database copy of each document that answers when Elasticsearch can't."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from . import analysis


class Synonym(models.Model):
    """Words residents use for the same thing, e.g. 跳舞 广场舞 or 摔倒 跌倒.

    Applied when a query is read, so an edit takes effect at once, with no
    reindex.
    """

    words = models.CharField(
        _("同义词"),
        max_length=200,
        unique=True,
        help_text=_("用空格或逗号分开，例如：摔倒 跌倒 摔跤"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    panels = [FieldPanel("words"), FieldPanel("note")]

    class Meta:
        ordering = ["words"]
        verbose_name = _("搜索同义词")
        verbose_name_plural = _("搜索同义词")

    def __str__(self) -> str:
        return self.words

    @property
    def terms(self) -> list[str]:
        cleaned = analysis.normalise(self.words.replace(",", " ").replace("，", " "))
        return list(dict.fromkeys(cleaned.replace("、", " ").split()))

    def clean(self) -> None:
        if len(self.terms) < 2:
            raise ValidationError({"words": _("至少写两个意思相同的词，用空格分开。")})
        self.words = " ".join(self.terms)


class SearchQuery(models.Model):
    """One normalised query and how often residents typed it.

    Zero-result queries are what editors look at to see unmet demand.
    """

    text = models.CharField(_("搜索词"), max_length=100, unique=True)
    searches = models.PositiveIntegerField(_("搜索次数"), default=0)
    last_results = models.PositiveIntegerField(_("最近一次结果数"), default=0)
    last_searched_at = models.DateTimeField(_("最近搜索时间"), auto_now=True)
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


class SearchEntry(models.Model):
    """The stored copy of one document (see `documents.build`).

    The whole document is kept, so a reindex streams stored documents instead
    of segmenting every page again, and the columns beside it answer the
    database fallback.

    Word fields hold jieba's words between spaces (" 太极 太极拳 "), so the
    fallback matches whole words the same way the index does.
    """

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
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
