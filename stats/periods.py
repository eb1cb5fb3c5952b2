"""Statistics periods: whole months, so the monthly rollup answers them all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    """From the first day of `start` up to, not including, `end`."""

    start: date
    end: date
    label: str

    @property
    def span(self) -> str | None:
        """ "month", "quarter" or "year" when the period is exactly one."""
        if self.end == next_month(self.start):
            return "month"
        if self.start.month in (1, 4, 7, 10) and self.end == _add_months(self.start, 3):
            return "quarter"
        if self.start.month == 1 and self.end == _add_months(self.start, 12):
            return "year"
        return None

    def months(self) -> list[date]:
        months, month = [], self.start
        while month < self.end:
            months.append(month)
            month = next_month(month)
        return months


def midnight(day: date) -> datetime:
    """The local start of a day, where periods begin and end."""
    return timezone.make_aware(datetime.combine(day, time.min))


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _add_months(month: date, n: int) -> date:
    for _ in range(n):
        month = next_month(month)
    return month


#: What an editor may type for the twelve months up to this one.
LAST_12_MONTHS = {"last-12-months", "最近12个月", "最近 12 个月", "近12个月"}


def parse(text: str, today: date | None = None) -> Period:
    """ "2026" (a year), "2026-Q3" (a quarter), "2026-07" (a month),
    "last-12-months" (up to and including this month); anything else means
    this calendar year, the period reports are made for."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if m := re.fullmatch(r"(20\d\d)", text):
        year = int(m[1])
        return Period(date(year, 1, 1), date(year + 1, 1, 1), text)
    if m := re.fullmatch(r"(20\d\d)-Q([1-4])", text):
        start = date(int(m[1]), 3 * int(m[2]) - 2, 1)
        return Period(start, _add_months(start, 3), text)
    if (m := re.fullmatch(r"(20\d\d)-(\d\d)", text)) and 1 <= int(m[2]) <= 12:
        start = date(int(m[1]), int(m[2]), 1)
        return Period(start, next_month(start), text)
    if text in LAST_12_MONTHS:
        end = next_month(today.replace(day=1))
        return Period(date(end.year - 1, end.month, 1), end, text)
    return Period(date(today.year, 1, 1), date(today.year + 1, 1, 1), str(today.year))
