"""Where a page sits: the trail of ancestors shown above its title."""

from __future__ import annotations

from wagtail.models import Page


def breadcrumbs(*, page: Page) -> list[Page]:
    """Ancestors from the site's home page down, excluding the page itself.

    Only live, public ancestors are listed, so a private folder never leaks
    its title into a public page's trail.
    """
    return list(page.get_ancestors().filter(depth__gt=1).live().public().specific())
