from django import template
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
