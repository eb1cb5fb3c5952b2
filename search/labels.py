"""Names residents read for facet values (slugs in the index)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from resources.models import Audience, LocalTheme, Topic

KINDS = {
    "course": _("课程"),
    "lesson": _("微课"),
    "event": _("活动"),
    "group": _("学习小组"),
    "venue": _("学习场所"),
    "brand": _("社区品牌"),
}
FORMATS = {
    "course": _("课程"),
    "video": _("视频"),
    "audio": _("音频"),
    "document": _("文档"),
    "text": _("图文"),
}
DURATION_BANDS = {
    "under_5": _("5 分钟以内"),
    "5_10": _("5–10 分钟"),
    "10_20": _("10–20 分钟"),
    "over_20": _("20 分钟以上"),
}
FACET_NAMES = {
    "kind": _("类型"),
    "content_area": _("内容领域"),
    "audiences": _("适合人群"),
    "format": _("形式"),
    "duration_band": _("时长"),
    "district": _("区县"),
    "institution": _("学校或教学点"),
    "local_topic": _("本地特色"),
    "featured": _("精品"),
}


def facet_labels(facets: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    """For every facet value present, the name to show."""
    slugs = {name: [f["value"] for f in values] for name, values in facets.items()}
    pages = dict(
        Page.objects.filter(
            slug__in=slugs.get("institution", []) + slugs.get("district", [])
        ).values_list("slug", "title")
    )
    return {
        "content_area": dict(
            Topic.objects.filter(slug__in=slugs.get("content_area", [])).values_list(
                "slug", "name"
            )
        ),
        "audiences": dict(
            Audience.objects.filter(slug__in=slugs.get("audiences", [])).values_list(
                "slug", "name"
            )
        ),
        "local_topic": dict(
            LocalTheme.objects.filter(
                slug__in=slugs.get("local_topic", [])
            ).values_list("slug", "name")
        ),
        "kind": {k: str(v) for k, v in KINDS.items()},
        "format": {k: str(v) for k, v in FORMATS.items()},
        "duration_band": {k: str(v) for k, v in DURATION_BANDS.items()},
        "institution": pages,
        "district": pages,
        "featured": {"true": str(_("精品课程")), "false": str(_("其他"))},
    }
