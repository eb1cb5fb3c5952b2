from django import template
from django.utils.translation import get_language, gettext

register = template.Library()


@register.filter
def people(value: int) -> str:
    """A population the way residents say it: 9.8 万人, or 98,000 in English."""
    value = int(value or 0)
    if get_language() == "en":
        return gettext("%(n)s 人") % {"n": f"{value:,}"}
    if value >= 10_000:
        wan = f"{value / 10_000:.1f}".removesuffix(".0")
        return gettext("%(n)s 万人") % {"n": wan}
    return gettext("%(n)s 人") % {"n": value}
