"""Which institutions' figures a staff member may see: the subtrees of the
institutions whose editor group they belong to (the whole city for superusers)."""

from __future__ import annotations

from wagtail.models import Page

from institutions.models import CityCentrePage, InstitutionEditorGroup


def roots_for(user) -> list[Page]:
    """The highest institutions the user serves, outermost first."""
    if user.is_superuser:
        return [p.specific for p in CityCentrePage.objects.live()[:1]]
    pages = sorted(
        (link.page.specific for link in InstitutionEditorGroup.objects.filter(
            group__user=user).select_related("page")),
        key=lambda page: page.path,
    )  # fmt: skip
    roots: list[Page] = []
    for page in pages:
        if not any(page.path.startswith(root.path) for root in roots):
            roots.append(page)
    return roots


def may_see(user, page: Page) -> bool:
    return any(page.path.startswith(root.path) for root in roots_for(user))
