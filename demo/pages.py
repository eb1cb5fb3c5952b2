"""Finding and adding demo pages by slug, so re-seeding never duplicates."""

from __future__ import annotations

from wagtail.models import Page

from institutions.models import CityCentrePage


def page_at(city: CityCentrePage, slug_path: str) -> Page:
    """The page at "district/township/village" under the city ("" is the city)."""
    page: Page = city
    for slug in filter(None, slug_path.split("/")):
        page = Page.objects.child_of(page).get(slug=slug)
    return page


def add_page(parent: Page, page: Page) -> Page:
    """Publish `page` under `parent` unless one of its type has that slug."""
    existing = type(page).objects.child_of(parent).filter(slug=page.slug).first()
    if existing is not None:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page
