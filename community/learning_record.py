"""Events in the learner's record.

The record (``resources.records``) and its xAPI export sit below this app and
cannot name events; they read these functions through Wagtail hooks, which
``wagtail_hooks.py`` registers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser

from resources.interop import XAPI_ATTENDED, xapi_statement
from resources.records import RecordEntry

from .selectors import attended


def event_seconds(learner: AbstractBaseUser, since: datetime | None) -> float:
    """An attended event counts its stated hours, from the check-in."""
    return sum(
        float(row.event.learning_hours) * 3600 for row in attended(learner, since)
    )


def event_entries(learner: AbstractBaseUser) -> Iterable[RecordEntry]:
    """Events the learner was checked in at, with the hours they count for."""
    return [
        RecordEntry(
            row.checked_in_at, "event", row.event.title,
            float(row.event.learning_hours), row.event.get_kind_display(),
            credits=row.event.credits or None,
            institution=row.event.host.title, detail=row.event.place.title,
        )
        for row in attended(learner)
    ]  # fmt: skip


def event_statements(learner: AbstractBaseUser, *, site: str) -> list[dict]:
    """One xAPI "attended" statement per event the learner was checked in at."""
    return [
        xapi_statement(
            learner,
            site=site,
            key=f"event:{row.event_id}",
            url=row.event.url or "/",
            title=row.event.title,
            kind="meeting",
            when=row.checked_in_at,
            seconds=float(row.event.learning_hours) * 3600,
            verb=XAPI_ATTENDED,
        )  # fmt: skip
        for row in attended(learner)
    ]
