"""Where a page sits: the trail of ancestors shown above its title."""

from __future__ import annotations

from wagtail.models import Page


def breadcrumbs(*, page: Page) -> list[Page]:
    """Ancestors from the site's home page down, excluding the page itself.

    Only live, public ancestors are listed, so a private folder never leaks
    its title into a public page's trail. A page reached by its URL already
    knows its ancestors (core.routing); otherwise they are read here.
    """
    trail = getattr(page, "_trail", None)
    if trail is not None:
        return trail.public_ancestors()
    return list(page.get_ancestors().filter(depth__gt=1).live().public())
