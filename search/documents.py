"""What the supermarket index holds: its mapping, and one document per page.

Only live pages that anyone may see become documents (`searchable_pages`):
courses, lessons, upcoming events, venues and community brand pages; and
learning groups that staff have not hidden, in a place anyone may see
(`searchable_groups`), under the ids "group-<pk>". A
course with no lesson out yet is marked `coming`: results show it as
即将上线, without hours, and its page says when lessons come. A private or
restricted page is never built, so it cannot leak through results,
suggestions or facet counts. Display fields
are kept in `_source`, so a result page never goes back to the database.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    Float,
    Index,
    Integer,
    Keyword,
    MetaField,
    Text,
    analyzer,
)
from wagtail.models import Page

from community.models import CommunityBrandPage, EventPage, LearningGroup, VenuePage
from community.selectors import rating_scores
from institutions.models import INSTITUTION_PAGE_MODELS, DistrictCollegePage
from resources.models import CoursePage, LessonPage

from . import analysis

# Bump when `Builder.build`, the analysis or its dictionary changes: the next
# reindex then builds every stored document again.
DOCUMENT_VERSION = 5

# Title words count most, then the summary, then the body (see `queries.py`).
TEXT_FIELDS = ("title", "summary", "body")

# `analysis.index_tokens`: words, character pairs and prefixes, already
# separated by spaces in Python.
zh_words = analyzer("zh_words", tokenizer="whitespace", filter=["lowercase"])
# Overlapping character pairs: recall for words jieba does not know.
zh_bigrams = analyzer(
    "zh_bigrams", tokenizer="standard", filter=["cjk_width", "lowercase", "cjk_bigram"]
)


class PageDocument(Document):
    """One thing in the supermarket (the mapping; see `Builder.build`)."""

    kind = Keyword()
    page_id = Integer()
    group_id = Integer()
    external_id = Keyword()
    url = Keyword(index=False)
    detail = Keyword(index=False)
    ends_at = Date()
    title = Text(analyzer=zh_bigrams)
    summary = Text(analyzer=zh_bigrams)
    body = Text(analyzer=zh_bigrams)
    title_words = Text(analyzer=zh_words)
    summary_words = Text(analyzer=zh_words)
    body_words = Text(analyzer=zh_words)
    pinyin = Text(analyzer=zh_words)
    course_title = Text(analyzer=zh_bigrams)
    content_area = Keyword()
    content_area_name = Keyword(index=False)
    audiences = Keyword(multi=True)
    format = Keyword()
    duration_seconds = Integer()
    duration_band = Keyword()
    institution = Keyword()
    institution_name = Keyword(index=False)
    district = Keyword()
    local_topic = Keyword()
    featured = Boolean()
    coming = Boolean()
    published_at = Date()
    revised_at = Date()
    views = Integer()
    completions = Integer()
    rating = Float()
    suggest = Completion(analyzer="simple")

    class Meta:
        dynamic = MetaField("strict")


def index_body() -> dict:
    """Settings and mappings for a new versioned index."""
    index = Index("unused")
    # One shard (the catalogue is small); a copy on another node when there
    # is a cluster (SEARCH_INDEX_REPLICAS), so losing a node loses nothing.
    index.settings(
        number_of_shards=1, number_of_replicas=settings.SEARCH_INDEX_REPLICAS
    )
    index.document(PageDocument)
    return index.to_dict()


DURATION_BANDS = ((5 * 60, "under_5"), (10 * 60, "5_10"), (20 * 60, "10_20"))


def duration_band(seconds: int) -> str:
    for limit, band in DURATION_BANDS:
        if seconds < limit:
            return band
    return "over_20"


def revised_at(page: Page, *, first: bool = False) -> str:
    """When the live version (or, `first`, the page) was published.

    The live version's time is how staleness is detected.
    """
    if first:
        value = page.first_published_at or page.last_published_at
    else:
        value = page.last_published_at or page.first_published_at
    return value.isoformat() if value else ""


SEARCHABLE_TYPES = (CoursePage, LessonPage, EventPage, VenuePage, CommunityBrandPage)


def searchable_pages(*, specific: bool = True) -> QuerySet:
    """The only pages the index may hold: live and public; events only until
    they end."""
    pages = (
        Page.objects.live()
        .public()
        .type(*SEARCHABLE_TYPES)
        .exclude(eventpage__ends_at__lt=timezone.now())
        .order_by("pk")
    )
    return pages.specific() if specific else pages


def searchable_groups() -> QuerySet:
    """Learning groups anyone may find: not hidden by staff, in a community
    or village whose page is live and public."""
    return (
        LearningGroup.objects.filter(
            hidden_at__isnull=True, area__in=Page.objects.live().public()
        )
        .select_related("area")
        .order_by("pk")
    )


GROUP_PREFIX = "group-"


def key(*, page_id: int | None = None, group_id: int | None = None) -> str:
    """A document's id in the index: the page's id, or "group-<pk>"."""
    return str(page_id) if page_id else f"{GROUP_PREFIX}{group_id}"


def catalogue_pages() -> QuerySet:
    """The searchable courses and lessons: what the catalogue exchange holds."""
    return searchable_pages().type(CoursePage, LessonPage)


def _lesson_text(lesson: LessonPage) -> str:
    parts = []
    for block in lesson.body:
        if block.block_type == "text":
            parts.append(strip_tags(str(block.value)))
        elif hasattr(block.value, "get") and block.value.get("caption"):
            parts.append(block.value.get("caption"))
    return " ".join(parts)


def _lesson_format(lesson: LessonPage) -> str:
    formats = lesson.formats
    for kind in ("video", "audio", "document"):
        if kind in formats:
            return kind
    return "text"


class Builder:
    """Builds many documents, doing the lookups they share once.

    Lessons of one course share its facets, and pages under one parent share
    their institution and district, so a reindex costs a few queries per
    course, not per page.
    """

    def __init__(self) -> None:
        self._places: dict[str, tuple[Page | None, Page | None]] = {}
        self._parents: dict[str, Page] = {}
        self._audiences: dict[int, list[str]] = {}
        self._ratings: dict[int, float] = {}

    def prefetch_ratings(self, page_ids: list[int]) -> None:
        """Read the ratings of a batch of pages in one query."""

        self._ratings.update(rating_scores(page_ids))

    def rating(self, page_id: int) -> float:
        if page_id not in self._ratings:
            self.prefetch_ratings([page_id])
        return self._ratings[page_id]

    def place(self, page: Page) -> tuple[Page | None, Page | None]:
        """The nearest institution above the page, and the district college."""
        parent_path = page.path[: -Page.steplen]
        if parent_path not in self._places:
            prefixes = [
                parent_path[: Page.steplen * depth]
                for depth in range(1, len(parent_path) // Page.steplen + 1)
            ]
            ancestors = sorted(
                Page.objects.filter(path__in=prefixes).specific(),
                key=lambda ancestor: ancestor.depth,
                reverse=True,
            )
            institution = district = None
            for ancestor in ancestors:
                if institution is None and isinstance(
                    ancestor, INSTITUTION_PAGE_MODELS
                ):
                    institution = ancestor
                if isinstance(ancestor, DistrictCollegePage):
                    district = ancestor
                    break
            self._places[parent_path] = (institution, district)
        return self._places[parent_path]

    def parent(self, page: Page) -> Page:
        parent_path = page.path[: -Page.steplen]
        if parent_path not in self._parents:
            self._parents[parent_path] = Page.objects.get(path=parent_path).specific
        return self._parents[parent_path]

    def has_lessons(self, course: CoursePage) -> bool:
        """Whether a lesson of the course is out for anyone to learn."""
        return Page.objects.live().public().type(LessonPage).child_of(course).exists()

    def audiences(self, course: CoursePage) -> list[str]:
        if course.pk not in self._audiences:
            self._audiences[course.pk] = [a.slug for a in course.audiences.all()]
        return self._audiences[course.pk]

    def build(self, page: Page) -> dict:
        """The document for a searchable page (already `.specific`)."""
        if isinstance(page, (CoursePage, LessonPage)):
            document = self._learning(page)
        else:
            document = self._community(page)
        return self._analysed(document)

    def build_group(self, group: LearningGroup) -> dict:
        """The document for a searchable learning group."""
        area = group.area.specific
        institution, district = self.place(area)
        if isinstance(area, INSTITUTION_PAGE_MODELS):
            institution = area
        if isinstance(area, DistrictCollegePage):
            district = area
        document = self._blank("group")
        document.update(
            group_id=group.pk,
            url=group.get_absolute_url(),
            title=group.name,
            summary=group.description,
            body=f"{group.topic} {group.meeting_place} {group.meeting_time}",
            detail=f"{group.meeting_time} · {group.meeting_place}",
            institution=institution.slug if institution else "",
            institution_name=institution.title if institution else "",
            district=district.slug if district else "",
            published_at=group.created_at.isoformat(),
            revised_at=group.updated_at.isoformat(),
        )
        return self._analysed(document)

    def _analysed(self, document: dict) -> dict:
        """Add the analysed words of each text field.

        A lesson's body words also hold its course's title: a resident who
        types the course's words (电信诈骗) means its lessons too, even when
        no lesson repeats them, and the body's low weight keeps the course
        itself first.
        """
        for field in TEXT_FIELDS:
            text = document[field]
            if field == "body" and document["course_title"]:
                text = f"{document['course_title']} {text}"
            document[f"{field}_words"] = " ".join(analysis.index_tokens(text))
        document["pinyin"] = " ".join(analysis.pinyin_tokens(document["title"]))
        document["suggest"] = {
            "input": [document["title"], *analysis.pinyin_tokens(document["title"])],
            "weight": 10 if document["featured"] else 1,
        }
        return document

    def _blank(self, kind: str) -> dict:
        return {
            "kind": kind,
            "page_id": 0,
            "group_id": 0,
            "external_id": "",
            "url": "",
            "title": "",
            "summary": "",
            "body": "",
            "detail": "",
            "ends_at": None,
            "coming": False,
            "course_title": "",
            "content_area": "",
            "content_area_name": "",
            "audiences": [],
            "format": "",
            "duration_seconds": 0,
            "duration_band": "",
            "institution": "",
            "institution_name": "",
            "district": "",
            "local_topic": "",
            "featured": False,
            "published_at": None,
            "revised_at": "",
            "views": 0,
            "completions": 0,
            "rating": 0.0,
        }

    def _common(self, page: Page, kind: str) -> dict:
        institution, district = self.place(page)
        document = self._blank(kind)
        document.update(
            page_id=page.pk,
            external_id=getattr(page, "external_id", "") or "",
            url=page.get_url() or page.url_path,
            title=page.title,
            institution=institution.slug if institution else "",
            institution_name=institution.title if institution else "",
            district=district.slug if district else "",
            published_at=revised_at(page, first=True),
            revised_at=revised_at(page),
            rating=self.rating(page.pk),
        )
        return document

    def _community(self, page: Page) -> dict:
        if isinstance(page, EventPage):
            document = self._common(page, "event")
            document.update(
                summary=page.introduction,
                body=strip_tags(page.body or ""),
                detail=event_detail(page),
                ends_at=page.ends_at.isoformat(),
            )
        elif isinstance(page, VenuePage):
            document = self._common(page, "venue")
            document.update(
                summary=page.introduction,
                body=f"{page.open_to_residents} {page.address}",
                detail=" ".join(page.opening_hours_lines[:1]),
            )
        else:
            document = self._common(page, "brand")
            document.update(
                summary=page.introduction, body=page.slogan, detail=page.slogan
            )
        document["body"] = document["body"][:20000]
        return document

    def _learning(self, page: Page) -> dict:
        coming = False
        if isinstance(page, LessonPage):
            course = self.parent(page)
            course = course if isinstance(course, CoursePage) else None
            kind, body, seconds = (
                "lesson",
                _lesson_text(page),
                page.duration_minutes * 60,
            )
            fmt = _lesson_format(page)
        else:
            course, kind, fmt = page, "course", "course"
            body, seconds = strip_tags(page.body or ""), (page.hours or 0) * 3600
            coming = not self.has_lessons(page)
            if coming:
                seconds = 0
        facets = course or page
        topic = getattr(facets, "topic", None)
        document = self._common(page, kind)
        document.update(
            summary=page.summary,
            body=body[:20000],
            course_title=course.title if course and course is not page else "",
            content_area=topic.slug if topic else "",
            content_area_name=topic.name if topic else "",
            audiences=self.audiences(facets) if course else [],
            format=fmt,
            duration_seconds=seconds,
            duration_band=duration_band(seconds),
            local_topic=facets.local_theme.slug
            if course and facets.local_theme_id
            else "",
            featured=bool(getattr(facets, "featured", False)),
            coming=coming,
        )
        return document


def build(page: Page) -> dict:
    """The document for one searchable page (already `.specific`)."""
    return Builder().build(page)


WEEKDAYS = "一二三四五六日"


def event_detail(event: EventPage) -> str:
    """When and where, as a resident reads it: 12月5日 周六 09:30 · 北湖社区活动室."""
    starts = timezone.localtime(event.starts_at)
    when = _("%(month)s月%(day)s日 周%(weekday)s %(time)s") % {
        "month": starts.month,
        "day": starts.day,
        "weekday": WEEKDAYS[starts.weekday()],
        "time": starts.strftime("%H:%M"),
    }
    return f"{when} · {event.place.title}"
