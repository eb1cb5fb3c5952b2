from django import template
from django.utils.translation import gettext as _

from .. import dashboard

register = template.Library()


@register.filter
def percent(rate) -> str:
    return dashboard.percent(rate)


@register.filter
def count_or_small(count, small: int = 5) -> str:
    """A suppressed count (None) reads "fewer than 5"."""
    return _("少于 %(n)d") % {"n": small} if count is None else f"{count:,}"
