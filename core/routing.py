"""Finding a page by its URL in one query.

Wagtail routes level by level: for a lesson five levels down it asks for
each child by slug and then for its specific type, ten queries before the
page renders, and then asks again for the ancestors (view restrictions,
breadcrumbs). Every public page type has a budget of eight queries in all,
so `RoutedPage` finds the page and all its ancestors at once, by their URL
paths, together with which of them carry a view restriction, and keeps what
it read on the page for the restriction check and the breadcrumbs.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page, PageViewRestriction

from .pagecache import response_cacheable


@dataclass(frozen=True)
class Trail:
    """What routing read: the ancestors from the tree's root down (generic
    pages), and whether the page or any ancestor is restricted or an alias."""

    ancestors: tuple[Page, ...]
    restricted: bool
    aliased: bool

    def public_ancestors(self) -> list[Page]:
        """Live ancestors below the tree's root outside any private section."""
        found = []
        for page in self.ancestors:
            if page.restricted:
                break
            if page.depth > 1 and page.live:
                found.append(page)
        return found


def _chain(root: Page, components: list[str]) -> list[Page]:
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in components[:i])
        for i in range(1, len(components) + 1)
    ]
    above = [root.path[: 4 * depth] for depth in range(1, root.depth + 1)]
    return list(
        Page.objects.filter(
            Q(path__in=above) | Q(slug__in=components, url_path__in=prefixes)
        )
        .annotate(
            restricted=Exists(
                PageViewRestriction.objects.filter(page_id=OuterRef("pk"))
            )
        )
        .order_by("depth")
    )


class RoutedPage:
    """Mixin for page types (before `Page` in the bases)."""

    @classmethod
    def routed_queryset(cls):
        """How a page of this type is read when a URL leads to it; a type
        adds what its template shows (related rows, counts), so they come
        in the same query."""
        return cls.objects.all()

    def route(self, request, path_components):
        if getattr(self, "_trail", None) is not None:
            return super().route(request, path_components)
        chain = _chain(self, path_components)
        # Only pages on this page's branch count, and only as deep as the
        # URL's slugs continue without a gap.
        matched = [p for p in chain if p.depth <= self.depth]
        for page in chain:
            if page.depth == matched[-1].depth + 1 and page.path.startswith(
                matched[-1].path
            ):
                matched.append(page)
        found = matched[-1]
        if found.pk == self.pk:
            target = self
        else:
            model = found.specific_class
            target = (
                model.routed_queryset().get(pk=found.pk)
                if model is not None and issubclass(model, RoutedPage)
                else found.specific
            )
        target._trail = Trail(
            ancestors=tuple(matched[:-1]),
            restricted=any(p.restricted for p in matched),
            aliased=any(p.alias_of_id for p in matched),
        )
        if target is not self:
            target._cached_parent_obj = matched[-2]
        return target.route(request, path_components[target.depth - self.depth :])

    def serve(self, request, *args, **kwargs):
        """A public page reached by its URL may be stored for anonymous
        visitors (core.pagecache); a private one, or a preview, never."""
        trail = getattr(self, "_trail", None)
        if (
            trail is not None
            and not trail.restricted
            and not trail.aliased
            and not getattr(request, "is_preview", False)
        ):
            response_cacheable(request=request, tags=("pages",))
        return super().serve(request, *args, **kwargs)

    def get_view_restrictions(self):
        trail = getattr(self, "_trail", None)
        if trail is not None and not trail.restricted and not trail.aliased:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
