"""What a learner's pages show: lessons under way, what is finished, hours.

Learning time counts media actually played (merged, so nothing twice), for a
text or document lesson marked finished its stated length, and for an event
the learner was checked in at, the event's hours.

Events belong to ``community``, which sits above this app. It adds them to the
record through two Wagtail hooks this module reads, so the record here never
names an event:

- ``learning_record_seconds``: ``fn(learner, since) -> float``, learning time
  outside lessons since a moment (or ever, for ``None``);
- ``learning_record_entries``: ``fn(learner) -> Iterable[RecordEntry]``, more
  lines for the timeline, its JSON and its PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, Sum
from django.utils import timezone
from wagtail import hooks

from .credit_bank import balance, balances
from .models import (
    COMMUNITY_ACCOUNT,
    Certificate,
    ConversionRule,
    CourseCompletion,
    CreditEntry,
    LessonProgress,
)
from .pdf import BRAND, SOFT, new_document


@dataclass
class LearningSummary:
    in_progress: list[LessonProgress]
    completed: list[LessonProgress]
    courses: list[CourseCompletion]
    certificates: list[Certificate]
    seconds_this_month: float
    seconds_this_year: float
    credits: object


def learning_seconds(learner, since: datetime | None = None) -> float:
    rows = LessonProgress.objects.filter(learner=learner)
    if since is not None:
        rows = rows.filter(Q(updated_at__gte=since) | Q(completed_at__gte=since))
    watched = rows.aggregate(n=Sum("watched_seconds"))["n"] or 0.0
    read = (
        rows.filter(completed_at__isnull=False, watched_seconds=0).aggregate(
            n=Sum("lesson__duration_minutes")
        )["n"]
        or 0
    )
    elsewhere = sum(
        fn(learner, since) for fn in hooks.get_hooks("learning_record_seconds")
    )
    return watched + read * 60 + elsewhere


def summary(learner) -> LearningSummary:
    now = timezone.localtime()
    month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    year = month.replace(month=1)
    rows = LessonProgress.objects.filter(learner=learner).select_related("lesson")
    return LearningSummary(
        in_progress=list(
            rows.filter(completed_at__isnull=True, watched_seconds__gt=0).order_by(
                "-updated_at"
            )[:20]
        ),
        completed=list(
            rows.filter(completed_at__isnull=False).order_by("-completed_at")[:50]
        ),
        courses=list(
            CourseCompletion.objects.filter(learner=learner)
            .select_related("course")
            .order_by("-completed_at")
        ),
        certificates=list(Certificate.objects.filter(learner=learner)),
        seconds_this_month=learning_seconds(learner, month),
        seconds_this_year=learning_seconds(learner, year),
        credits=balance(learner),
    )


@dataclass
class RecordEntry:
    """One line of the lifelong learning record."""

    date: datetime
    kind: str  # "lesson", "course", "credit", "event"
    title: str
    hours: float
    content_area: str
    credits: object = None
    institution: str = ""
    detail: str = ""


def timeline(learner) -> list[RecordEntry]:
    """Completed lessons and courses, attended events and every credit entry,
    newest first."""
    entries: list[RecordEntry] = []
    lessons = (
        LessonProgress.objects.filter(learner=learner, completed_at__isnull=False)
        .select_related("lesson")
        .order_by("-completed_at")
    )
    for row in lessons:
        seconds = row.watched_seconds or row.lesson.duration_minutes * 60
        course = row.lesson.get_parent().specific
        topic = getattr(getattr(course, "topic", None), "name", "")
        entries.append(
            RecordEntry(row.completed_at, "lesson", row.lesson.title,
                        round(seconds / 3600, 2), topic)
        )  # fmt: skip
    for done in CourseCompletion.objects.filter(learner=learner).select_related(
        "course", "course__topic"
    ):
        certificate = getattr(done, "certificate", None)
        entries.append(
            RecordEntry(
                done.completed_at, "course", done.course.title, done.course.hours,
                done.course.topic.name if done.course.topic_id else "",
                credits=done.course.credits,
                institution=certificate.institution_name if certificate else "",
                detail=certificate.display_code if certificate else "",
            )
        )  # fmt: skip
    for entry in CreditEntry.objects.filter(learner=learner).select_related("course"):
        entries.append(
            RecordEntry(entry.created_at, "credit",
                        entry.reason or entry.get_kind_display(), 0, "",
                        credits=entry.amount, detail=entry.get_kind_display())
        )  # fmt: skip
    for fn in hooks.get_hooks("learning_record_entries"):
        entries.extend(fn(learner))
    return sorted(entries, key=lambda entry: entry.date, reverse=True)


def as_json(learner) -> dict:
    """The record in a form another platform can read (see also xAPI)."""
    lines = timeline(learner)
    return {
        "learner": {"name": learner.first_name or learner.username},
        "generated_at": timezone.now().isoformat(),
        "totals": {
            "learning_hours": round(learning_seconds(learner) / 3600, 2),
            "credits": str(balance(learner)),
            "accounts": {name: str(n) for name, n in balances(learner).items()},
            "courses_completed": CourseCompletion.objects.filter(
                learner=learner
            ).count(),
        },
        "entries": [
            {
                "date": line.date.isoformat(),
                "kind": line.kind,
                "title": line.title,
                "hours": line.hours,
                "content_area": line.content_area,
                "credits": None if line.credits is None else str(line.credits),
                "institution": line.institution,
                "detail": line.detail,
            }
            for line in lines
        ],
    }


KIND_LABELS = {"lesson": "微课", "course": "课程", "credit": "学分", "event": "活动"}


def transcript_pdf(learner) -> bytes:
    """The record as an A4 transcript: totals, then every line, newest first."""
    data = as_json(learner)
    document = new_document()
    document.add_page()
    document.set_font("cjk", size=22)
    document.set_text_color(*BRAND)
    document.cell(0, 14, "终身学习档案", align="C", new_x="LMARGIN", new_y="NEXT")
    document.set_font("cjk", size=12)
    document.set_text_color(*SOFT)
    totals = data["totals"]
    document.multi_cell(
        0, 8,
        f"学习者：{data['learner']['name']}　　"
        f"生成日期：{timezone.localtime():%Y 年 %m 月 %d 日}\n"
        f"累计学习 {totals['learning_hours']} 小时 · "
        f"完成课程 {totals['courses_completed']} 门 · 学分 {totals['credits']}",
        new_x="LMARGIN", new_y="NEXT",
    )  # fmt: skip
    document.ln(4)
    document.set_font("cjk", size=10)
    with document.table(
        col_widths=(26, 14, 86, 16, 16, 32), text_align="LEFT", line_height=7
    ) as table:
        table.row(["日期", "类别", "内容", "学时", "学分", "说明"])
        for line in timeline(learner):
            table.row([
                f"{timezone.localtime(line.date):%Y-%m-%d}",
                KIND_LABELS[line.kind],
                line.title,
                f"{line.hours:g}" if line.hours else "",
                "" if line.credits is None else str(line.credits),
                line.institution or line.detail,
            ])  # fmt: skip
    return bytes(document.output())


def accounts(learner) -> list[tuple[str, object]]:
    """(name, balance) for each credit account, community education first."""
    names = dict(ConversionRule.objects.values_list("target_account", "target_name"))
    held = balances(learner)
    rows = [("社区教育学分", held.pop(COMMUNITY_ACCOUNT, 0))]
    rows += [(names.get(account, account), amount) for account, amount in held.items()]
    return rows
