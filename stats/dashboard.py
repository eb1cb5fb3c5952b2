"""The dashboard's content for one institution and period: headline figures
against targets, and tables (each drawn as a chart and exportable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from . import figures
from .periods import Period


@dataclass
class Headline:
    key: str  # the definition it links to
    label: str
    value: object
    shown: str
    target: str = ""
    meets_target: bool | None = None


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list]
    chart: str = "bar"  # "bar", "line" or "" (a table only)
    definition: str = ""
    series: list[int] = field(default_factory=lambda: [1])  # columns to draw


def percent(rate: float | None) -> str:
    """One decimal; more for rates under 1%, so early progress is not "0.0%"."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}%" if rate >= 0.01 or rate == 0 else f"{rate * 100:.3f}%"


class Figures:
    """Each figure for one institution and period, computed once however many
    headlines, tables and charts show it."""

    def __init__(self, institution: Page, period: Period) -> None:
        self.institution, self.period = institution, period

    @cached_property
    def reach(self) -> figures.Participation:
        return figures.participation(self.institution, self.period)

    @cached_property
    def children(self) -> list[figures.Participation]:
        return figures.participation_by_child(self.institution, self.period)

    @cached_property
    def content(self) -> figures.Content:
        return figures.content(self.institution)


def headlines(institution: Page, period: Period, known: Figures | None = None):
    known = known or Figures(institution, period)
    reach, content = known.reach, known.content
    events = figures.events(institution, period)
    rating = figures.satisfaction(institution, period).average_rating
    hours = figures.learning_hours(institution, period)
    groups = figures.groups(institution)
    rows = [
        Headline(
            "participation_rate", _("居民参与率"), reach.rate, percent(reach.rate),
            target=_("目标 50%"), meets_target=reach.meets_target,
        ),
        Headline("active_learners", _("活跃学习者"), reach.active, f"{reach.active:,}"),
        Headline("learning_hours", _("学习时长（小时）"), hours, f"{hours:,}"),
        Headline(
            "courses", _("课程 / 微课"), content.courses,
            f"{content.courses:,} / {content.lessons:,}",
        ),
        Headline(
            "featured_courses", _("精品课程"), content.featured, f"{content.featured:,}"
        ),
        Headline(
            "event_attendance", _("活动参与人次"), events.attendances,
            f"{events.attendances:,}（{events.held}）",
        ),
        Headline("groups", _("学习小组"), groups, f"{groups:,}"),
        Headline(
            "satisfaction", _("平均评分"), rating,
            "—" if rating is None else f"{rating} / 5",
        ),
    ]  # fmt: skip
    coverages = (
        ("township_coverage", _("社区学校覆盖率"), figures.township_coverage),
        ("village_coverage", _("教学点覆盖率"), figures.village_coverage),
    )
    for key, label, measure in coverages:
        coverage = measure(institution)
        if coverage is not None:
            shown = f"{percent(coverage.rate)}（{coverage.built}/{coverage.total}）"
            rows.append(Headline(key, label, coverage.rate, shown))
    return rows


def tables(institution: Page, period: Period, known: Figures | None = None):
    known = known or Figures(institution, period)
    trend = figures.monthly_active(institution, period)
    children, content = known.children, known.content
    result = [
        Table("trend", _("每月活跃学习者"), [_("月份"), _("活跃学习者")],
              [[f"{m:%Y-%m}", n] for m, n in trend], chart="line",
              definition="active_learners"),
    ]  # fmt: skip
    if children:
        result.append(Table(
            "breakdown", _("下级机构参与率"),
            [_("机构"), _("活跃学习者"), _("服务常住人口"), _("参与率")],
            [[r.institution.title, r.active, r.population, percent(r.rate)]
             for r in children],
            definition="participation_rate",
        ))  # fmt: skip
    result += [
        Table("content_area", _("各内容领域的课程和微课"),
              [_("内容领域"), _("课程"), _("微课")],
              [list(row) for row in content.by_area], definition="courses",
              series=[1, 2]),
        Table("audience", _("各类人群的课程"), [_("适用人群"), _("课程")],
              [list(row) for row in content.by_audience], definition="courses"),
        Table("unmet_demand", _("没有结果的搜索词"), [_("搜索词"), _("搜索次数")],
              [list(row) for row in figures.unmet_demand()], chart="",
              definition="unmet_demand"),
    ]  # fmt: skip
    return result
