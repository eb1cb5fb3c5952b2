"""The statistics dashboard (Wagtail admin), its exports, the definitions,
and the public statistics page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Page

from core.pagecache import response_cacheable
from core.validation import ASCII_DIGITS, id_from
from institutions.models import CityCentrePage

from . import dashboard, exports, figures, periods, report
from .definitions import DEFINITIONS
from .scope import may_see, roots_for


def _institution(request: HttpRequest) -> Page:
    roots = roots_for(request.user)
    if not roots:
        raise PermissionDenied
    wanted = id_from(request.GET.get("institution"), required=False)
    if wanted:
        page = Page.objects.live().filter(pk=wanted).specific().first()
        if page is None or not may_see(request.user, page):
            raise Http404
        if not hasattr(page, "population_served"):
            raise Http404
        return page
    return roots[0]


def staff_dashboard(request: HttpRequest) -> HttpResponse:
    institution = _institution(request)
    period = periods.parse(request.GET.get("period", ""))
    known = dashboard.Figures(institution, period)
    tables = dashboard.tables(institution, period, known)
    export = request.GET.get("export", "")
    stem = f"{institution.slug}-{period.label}"
    if export == "xlsx":
        body = exports.as_xlsx(tables, title=f"{institution.title} {period.label}")
        return exports.download(body, f"{stem}.xlsx", exports.XLSX)
    if export == "csv":
        table = next((t for t in tables if t.key == request.GET.get("table")), None)
        if table is None:
            raise Http404
        return exports.download(
            exports.as_csv(table), f"{stem}-{table.key}.csv", "text/csv; charset=utf-8"
        )
    children = [
        child for child in institution.get_children().live().specific()
        if hasattr(child, "population_served")
    ]  # fmt: skip
    return render(
        request,
        "stats/dashboard.html",
        {
            "institution": institution,
            "parents": [p for p in institution.get_ancestors().specific()
                        if may_see(request.user, p)],
            "children": children,
            "roots": roots_for(request.user),
            "period": period,
            "headlines": dashboard.headlines(institution, period, known),
            "tables": tables,
            "charts": [
                {"key": t.key, "kind": t.chart, "columns": [str(c) for c in t.columns],
                 "series": t.series, "rows": t.rows}
                for t in tables if t.chart
            ],
        },
    )  # fmt: skip


def definitions(request: HttpRequest) -> HttpResponse:
    return render(request, "stats/definitions.html", {"definitions": DEFINITIONS})


#: What the public figures are counted from: the roll-up, the pages, and
#: the attendances, ratings and surveys read as they are.
PUBLIC_FIGURES_TAGS = ("pages", "stats", "registrations", "feedback", "surveys")


def public_statistics(request: HttpRequest) -> HttpResponse:
    """Headline figures for residents and the press: aggregates only, and no
    count small enough to point at a person."""
    city = CityCentrePage.objects.live().first()
    if city is None:
        raise Http404
    period = periods.parse(request.GET.get("period", ""))
    response_cacheable(request=request, tags=PUBLIC_FIGURES_TAGS)
    reach = figures.participation(city, period)
    rows = [
        {"institution": row.institution,
         "active": figures.suppressed(row.active),
         "rate": row.rate if figures.suppressed(row.active) is not None else None}
        for row in figures.participation_by_child(city, period, public_only=True)
    ]  # fmt: skip
    return render(
        request,
        "stats/public.html",
        {
            "city": city,
            "period": period,
            "active": figures.suppressed(reach.active),
            "rate": reach.rate
            if figures.suppressed(reach.active) is not None
            else None,
            "hours": figures.learning_hours(city, period),
            "content": figures.content(city),
            "events": figures.events(city, period),
            "groups": figures.groups(city),
            "townships": figures.township_coverage(city),
            "villages": figures.village_coverage(city),
            "districts": rows,
            "small": figures.SMALL_COUNT,
        },
    )


def yearly_report(request: HttpRequest) -> HttpResponse:
    institution = _institution(request)
    year = request.GET.get("year", "")
    if not (ASCII_DIGITS.fullmatch(year) and 2000 <= int(year) <= 2100):
        year = timezone.localdate().year
    year = int(year)
    body = report.yearly_report(institution, year)
    return exports.download(
        body, f"{institution.slug}-{year}-report.pdf", "application/pdf"
    )
