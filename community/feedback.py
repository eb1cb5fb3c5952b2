"""Ratings, comments, reports, course surveys: residents' say.

Comments are stored as plain text (tags stripped, control characters and
runs of blank lines removed) and always shown escaped. They wait for an
editor before anyone else sees them, and a resident can post only a few in a
short time, so a flood never reaches the moderation queue.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.pagecache import tags_purge
from core.ratelimit import over_limit
from resources.models import CourseCompletion, CoursePage, LessonPage

from .models import Comment, CommentReport, CourseSurvey, Rating
from .selectors import person_is_established
from .signals import rating_changed

COMMENT_LIMIT = 5  # per resident per window
COMMENT_WINDOW = 600
REPORTS_TO_HIDE = 3


class FeedbackError(Exception):
    """Why the feedback was not taken, in the resident's language."""


def _rateable(page: Page) -> Page:
    page = page.specific
    if not isinstance(page, CoursePage | LessonPage) or not page.live:
        raise FeedbackError(_("只能评价已发布的课程和微课。"))
    return page


def _reindex(page_id: int) -> None:
    """Ratings are a ranking signal of the supermarket, which listens; the
    page showing them is purged (a changed rating is saved by update())."""
    rating_changed.send(sender=Rating, page_id=page_id)
    tags_purge(tags=(f"feedback:{page_id}",))


def rate(learner, page: Page, stars: int) -> Rating:
    """One rating per resident and page; rating again replaces the stars."""
    page = _rateable(page)
    if stars not in range(1, 6):
        raise FeedbackError(_("请选 1 到 5 颗星。"))
    now = timezone.now()
    rating, created = Rating.objects.get_or_create(
        page=page, learner=learner, defaults={"stars": stars}
    )
    if not created and rating.stars != stars:
        Rating.objects.filter(pk=rating.pk).update(stars=stars, updated_at=now)
        rating.stars = stars
    _reindex(page.pk)
    return rating


def clean_text(text: str, limit: int) -> str:
    """Plain text only: no tags, no control or format characters, at most one
    blank line in a row, trimmed; raises if too long or empty."""
    text = strip_tags(text or "")
    text = "".join(
        ch for ch in text
        if ch in "\n" or unicodedata.category(ch)[0] != "C"
    )  # fmt: skip
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise FeedbackError(_("内容是空的，请写几句话。"))
    if len(text) > limit:
        raise FeedbackError(
            _("最多写 %(limit)d 个字，现在有 %(n)d 个。")
            % {"limit": limit, "n": len(text)}
        )
    return text


def comment(learner, page: Page, body: str) -> Comment:
    """A comment waiting for moderation."""
    page = _rateable(page)
    body = clean_text(body, 500)
    if over_limit(f"comment:{learner.pk}", limit=COMMENT_LIMIT, window=COMMENT_WINDOW):
        raise FeedbackError(_("留言太频繁了，请过十分钟再来。"))
    if Comment.objects.filter(page=page, learner=learner, body=body).exists():
        raise FeedbackError(_("这条留言已经提交过了。"))
    return Comment.objects.create(page=page, learner=learner, body=body)


def moderate(comment: Comment, *, staff, approve: bool) -> Comment:
    comment.status = Comment.Status.APPROVED if approve else Comment.Status.REJECTED
    comment.moderated_at = timezone.now()
    comment.moderated_by = staff
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    # Reports stay: an approval answers them, so only reports made after it
    # (by other people: one report each) can take the comment down again.
    return comment


def report(comment: Comment, reporter, reason: str = "") -> None:
    """Flag a comment; enough flags take it down until an editor looks again."""
    if comment.learner_id == reporter.pk:
        return
    try:
        with transaction.atomic():
            CommentReport.objects.create(
                comment=comment, reporter=reporter, reason=reason[:100]
            )
    except IntegrityError:
        return
    if not person_is_established(user=reporter):
        return  # kept for the editor to read; it takes nothing down
    since = comment.moderated_at or comment.created_at
    counted = [
        report.reporter
        for report in comment.reports.filter(created_at__gte=since).select_related(
            "reporter"
        )
    ]
    if sum(person_is_established(user=r) for r in counted) >= REPORTS_TO_HIDE:
        Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).update(
            status=Comment.Status.PENDING
        )
        tags_purge(tags=(f"feedback:{comment.page_id}",))


def survey_due(learner, course: CoursePage) -> bool:
    """The survey is offered once the course is completed, and only once."""
    return (
        learner.is_authenticated
        and CourseCompletion.objects.filter(learner=learner, course=course).exists()
        and not CourseSurvey.objects.filter(learner=learner, course=course).exists()
    )


def answer_survey(
    learner,
    course: CoursePage,
    *,
    satisfaction: int,
    usefulness: int,
    recommend: bool,
    suggestion: str = "",
) -> CourseSurvey:
    if not CourseCompletion.objects.filter(learner=learner, course=course).exists():
        raise FeedbackError(_("学完这门课程后才能填写满意度调查。"))
    if satisfaction not in range(1, 6) or usefulness not in range(1, 6):
        raise FeedbackError(_("请选 1 到 5 分。"))
    suggestion = clean_text(suggestion, 300) if suggestion.strip() else ""
    try:
        with transaction.atomic():
            return CourseSurvey.objects.create(
                course=course, learner=learner, satisfaction=satisfaction,
                usefulness=usefulness, recommend=recommend, suggestion=suggestion,
            )  # fmt: skip
    except IntegrityError as error:
        raise FeedbackError(_("这门课程的调查你已经填过了，谢谢！")) from error
