"""What changes in this app purge from the page cache (core.pagecache).

A resident's own learning (progress, credits, certificates, favourites,
requests, notices) is never on a public page, and it is written far more
often than anything else: it purges nothing. Courses and lessons are pages,
and their topics, audiences and contributors purge the page tree.
"""

from __future__ import annotations

from core.pagecache import model_purges

NEVER_SHOWN = (
    "resources.Certificate",
    "resources.Contribution",
    "resources.ConversionRequest",
    "resources.CreditEntry",
    "resources.LearnerProfile",
    "resources.LessonProgress",
    "resources.CourseCompletion",
    "resources.Favourite",
    "resources.CourseRequest",
    "resources.CourseRequestSupport",
    "resources.Notification",
)


def install() -> None:
    for label in NEVER_SHOWN:
        model_purges(label=label, tags=None)
