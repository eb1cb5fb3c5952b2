"""百姓学习之星: nominations in, stories out.

Accepting a nomination drafts a story page under the nominee's community;
the editor polishes it (photo, wording) and publishes it through the usual
workflow, so nothing a resident typed goes public unreviewed.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.ratelimit import over_limit
from institutions.models import INSTITUTION_PAGE_MODELS

from .feedback import FeedbackError, clean_text
from .models import LearningStarPage, StarNomination


def nominate(
    user, *, nominee_name: str, place: Page, story: str, consents: bool
) -> StarNomination:
    if not isinstance(place.specific, INSTITUTION_PAGE_MODELS):
        raise FeedbackError(_("请选择被推荐人所在的社区或村。"))
    if not consents:
        raise FeedbackError(_("请先征得被推荐人同意，再提交推荐。"))
    if over_limit(f"nominate:{user.pk}", limit=3, window=86_400):
        raise FeedbackError(_("一天最多推荐三位，请明天再来。"))
    return StarNomination.objects.create(
        nominee_name=clean_text(nominee_name, 30),
        place=place,
        story=clean_text(story, 1000),
        nominee_consents=True,
        nominated_by=user,
    )


def accept(nomination: StarNomination, *, staff) -> LearningStarPage:
    """Draft (unpublished) story page for the editor to finish and publish."""
    paragraphs = "".join(
        f"<p>{escape(line)}</p>" for line in nomination.story.splitlines() if line
    )
    page = LearningStarPage(
        title=_("百姓学习之星：%(name)s") % {"name": nomination.nominee_name},
        person_name=nomination.nominee_name,
        year=timezone.localdate().year,
        summary=nomination.story.splitlines()[0][:120],
        story=paragraphs,
        live=False,
    )
    nomination.place.add_child(instance=page)
    page.save_revision(user=staff)
    nomination.status = StarNomination.Status.ACCEPTED
    nomination.reviewed_by, nomination.story_page = staff, page
    nomination.save(update_fields=["status", "reviewed_by", "story_page"])
    return page


def decline(nomination: StarNomination, *, staff, note: str) -> None:
    nomination.status = StarNomination.Status.DECLINED
    nomination.reviewed_by, nomination.review_note = staff, note.strip()[:200]
    nomination.save(update_fields=["status", "reviewed_by", "review_note"])
