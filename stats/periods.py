"""Statistics periods: whole months, so the monthly rollup answers them all."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone


@dataclass(frozen=True)
class Period:
    """From the first day of `start` up to, not including, `end`."""

    start: date
    end: date
    label: str

    def months(self) -> list[date]:
        months, month = [], self.start
        while month < self.end:
            months.append(month)
            month = _next_month(month)
        return months


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def parse(text: str, today: date | None = None) -> Period:
    """ "2026" (a year), "2026-07" (a month), "2026-Q3" (a quarter); anything
    else means the last twelve months including this one."""
    today = today or timezone.localdate()
    text = (text or "").strip()
    if m := re.fullmatch(r"(20\d\d)", text):
        year = int(m[1])
        return Period(date(year, 1, 1), date(year + 1, 1, 1), text)
    if m := re.fullmatch(r"(20\d\d)-Q([1-4])", text):
        year, quarter = int(m[1]), int(m[2])
        start = date(year, 3 * quarter - 2, 1)
        end = _next_month(_next_month(_next_month(start)))
        return Period(start, end, text)
    if (m := re.fullmatch(r"(20\d\d)-(\d\d)", text)) and 1 <= int(m[2]) <= 12:
        start = date(int(m[1]), int(m[2]), 1)
        return Period(start, _next_month(start), text)
    end = _next_month(today.replace(day=1))
    start = date(end.year - 1, end.month, 1)
    return Period(start, end, "last-12-months")
