"""The yearly report of a district (or any institution), as the policy asks of
experimental and demonstration zones: the figures, simple bar charts drawn in
the PDF itself, the featured courses and the community brands, and the
definitions the figures follow. Noto Serif CJK is embedded (as a subset)."""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Page

from community.models import CommunityBrandPage
from resources.models import CoursePage
from resources.pdf import BRAND, INK, SOFT, new_document

from . import dashboard, figures
from .definitions import DEFINITIONS
from .periods import parse

ACCENT = (179, 66, 26)
TINT = (242, 239, 230)


def _heading(document, text: str) -> None:
    document.ln(4)
    document.set_font("cjk", "B", size=14)
    document.set_text_color(*BRAND)
    document.cell(0, 10, text, new_x="LMARGIN", new_y="NEXT")
    document.set_font("cjk", size=10.5)
    document.set_text_color(*INK)


def _bars(document, rows: list[tuple[str, float]], *, unit: str = "") -> None:
    """A horizontal bar chart: one labelled bar per row, values written out."""
    if not rows:
        return
    top = max(value for _, value in rows) or 1
    width = 110
    for label, value in rows:
        if document.will_page_break(7):
            document.add_page()
        y = document.get_y()
        document.set_xy(document.l_margin, y)
        document.cell(48, 7, label[:14])
        document.set_fill_color(*TINT)
        document.rect(document.l_margin + 50, y + 1.2, width, 4.6, style="F")
        document.set_fill_color(*BRAND)
        document.rect(document.l_margin + 50, y + 1.2, width * value / top, 4.6,
                      style="F")  # fmt: skip
        document.set_xy(document.l_margin + 52 + width, y)
        document.cell(20, 7, f"{value:g}{unit}", new_x="LMARGIN", new_y="NEXT")
    document.set_fill_color(255, 255, 255)


def _table(document, table: dashboard.Table, widths) -> None:
    with document.table(col_widths=widths, text_align="LEFT", line_height=7) as grid:
        grid.row([str(column) for column in table.columns])
        for row in table.rows:
            grid.row([str(value) for value in row])


def yearly_report(institution: Page, year: int) -> bytes:
    period = parse(str(year))
    institution = institution.specific
    document = new_document()
    document.set_title(f"{institution.title} {year} 年度社区教育工作报告")
    document.add_page()
    document.set_font("cjk", "B", size=22)
    document.set_text_color(*BRAND)
    document.ln(20)
    document.multi_cell(0, 14, f"{institution.title}\n{year} 年度社区教育工作报告",
                        align="C", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    document.set_font("cjk", size=11)
    document.set_text_color(*SOFT)
    document.ln(4)
    document.cell(0, 8, f"统计期：{period.start:%Y 年 %m 月} 至 {year} 年 12 月　"
                  f"生成日期：{timezone.localdate():%Y 年 %m 月 %d 日}",
                  align="C", new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    document.set_text_color(*INK)

    _heading(document, "一、主要指标")
    with document.table(col_widths=(70, 50, 60), text_align="LEFT",
                        line_height=8) as grid:  # fmt: skip
        grid.row(["指标", "数值", "目标与说明"])
        for h in dashboard.headlines(institution, period):
            note = str(h.target)
            if h.meets_target is not None:
                note += "（已达到）" if h.meets_target else "（未达到）"
            grid.row([str(h.label), h.shown, note])

    tables = {t.key: t for t in dashboard.tables(institution, period)}
    if "breakdown" in tables:
        _heading(document, "二、下级机构参与率")
        rows = figures.participation_by_child(institution, period)
        _bars(document, [(r.institution.title, round((r.rate or 0) * 100, 3))
                         for r in rows], unit="%")  # fmt: skip
        document.ln(2)
        _table(document, tables["breakdown"], (70, 35, 40, 35))
    _heading(document, "三、每月活跃学习者")
    _bars(document, [(row[0], row[1]) for row in tables["trend"].rows])
    _heading(document, "四、课程资源")
    _table(document, tables["content_area"], (80, 50, 50))

    _heading(document, "五、精品课程")
    featured = CoursePage.objects.live().descendant_of(institution).filter(
        featured=True).order_by("title")  # fmt: skip
    for course in featured[:30]:
        document.multi_cell(0, 7, f"· {course.title}（{course.hours} 学时）",
                            new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    if not featured:
        document.cell(0, 7, "本年度暂无精品课程。", new_x="LMARGIN", new_y="NEXT")
    _heading(document, "六、一社区一品牌")
    brands = CommunityBrandPage.objects.live().descendant_of(institution)
    for brand in brands.order_by("path"):
        document.multi_cell(0, 7, f"· {brand.title}：{brand.slogan}",
                            new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    if not brands:
        document.cell(0, 7, "暂无社区品牌。", new_x="LMARGIN", new_y="NEXT")

    document.add_page()
    _heading(document, "附：指标口径")
    document.set_font("cjk", size=9.5)
    for definition in DEFINITIONS:
        document.set_font("cjk", "B", size=9.5)
        document.cell(0, 6, str(definition.title), new_x="LMARGIN", new_y="NEXT")
        document.set_font("cjk", size=9.5)
        document.multi_cell(0, 5.5, str(definition.meaning), new_x="LMARGIN",
                            new_y="NEXT")  # fmt: skip
        document.ln(1)
    return bytes(document.output())
