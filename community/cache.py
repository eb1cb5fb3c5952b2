"""What changes in this app purge from the page cache (core.pagecache).

Ratings, comments, seats and votes change far more often than pages, so
each purges only the pages that show it; what residents keep to themselves
(surveys, reports, nominations) purges nothing.
"""

from __future__ import annotations

from django.utils import timezone

from core.pagecache import model_purges, page_depends_on

RULES = {
    "community.Rating": lambda row, fields: (f"feedback:{row.page_id}", "feedback"),
    "community.Comment": lambda row, fields: (f"feedback:{row.page_id}", "feedback"),
    "community.EventRegistration": lambda row, fields: (
        f"event:{row.event_id}",
        "registrations",
    ),
    "community.CourseSurvey": lambda row, fields: ("surveys",),
    "community.CompetitionVote": lambda row, fields: (f"votes:{row.competition_id}",),
    "community.CommentReport": None,
    "community.StarNomination": None,
}


def install() -> None:
    for label, rule in RULES.items():
        model_purges(label=label, tags=rule)


def next_turn(*moments):
    """The first of `moments` still to come: when a page showing them (an
    event's registration, a vote's results) changes by itself."""
    now = timezone.now()
    future = [moment for moment in moments if moment and moment > now]
    return min(future, default=None)


def events_shown(*, request, events, past: bool = False) -> list:
    """A list of upcoming events changes by itself when one of them ends
    (it leaves the list); returns `events`."""
    if not past:
        page_depends_on(
            request=request, tags=(), until=next_turn(*(e.ends_at for e in events))
        )
    return events


def event_page_depends(*, request, event) -> None:
    page_depends_on(
        request=request,
        tags=(f"event:{event.pk}",),
        until=next_turn(event.starts_at, event.ends_at),
    )
