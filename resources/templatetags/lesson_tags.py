from django import template
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

register = template.Library()

FORMAT_LABELS = {
    "video": _("视频"),
    "audio": _("音频"),
    "text": _("图文"),
    "document": _("文档"),
    "gallery": _("图片"),
    "quiz": _("小测"),
}
LETTERS = "ABCDEF"


@register.filter
def format_label(kind: str) -> str:
    return FORMAT_LABELS.get(kind, kind)


@register.filter
def choice_letter(index: int) -> str:
    return LETTERS[index] if 0 <= index < len(LETTERS) else str(index + 1)


@register.filter
def learning_time(seconds: float) -> str:
    """Learning time as residents say it: 不到 1 分钟, 25 分钟, 3.5 小时."""
    minutes = int((seconds or 0) // 60)
    if minutes < 1:
        return gettext("不到 1 分钟")
    if minutes < 60:
        return ngettext("%(n)d 分钟", "%(n)d 分钟", minutes) % {"n": minutes}
    hours = f"{seconds / 3600:.1f}".removesuffix(".0")
    return ngettext("%(h)s 小时", "%(h)s 小时", 1 if hours == "1" else 2) % {"h": hours}


@register.inclusion_tag("resources/includes/favourite.html", takes_context=True)
def favourite_button(context, page):
    """收藏 / 已收藏 for signed-in residents; nothing for visitors."""
    from ..models import Favourite

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    kept = Favourite.objects.filter(learner=user, page=page).exists()
    return {"show": True, "page": page, "kept": kept, "request": request}
