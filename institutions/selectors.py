"""Reads of the institution tree for public pages and reports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet, Sum
from wagtail.models import Collection, Page

from .models import (
    CityCentrePage,
    DistrictCollegePage,
    InstitutionEditorGroup,
    InstitutionPage,
    TownshipSchoolPage,
    VillagePointPage,
)


@dataclass
class TownshipNode:
    page: Page
    villages: list[Page] = field(default_factory=list)


@dataclass
class DistrictNode:
    page: Page
    townships: list[TownshipNode] = field(default_factory=list)

    @property
    def village_count(self) -> int:
        return sum(len(t.villages) for t in self.townships)


@dataclass(frozen=True)
class NetworkStats:
    districts: int
    townships: int
    villages: int
    population: int


def _public(model: type[InstitutionPage], root: Page):
    return model.objects.live().public().descendant_of(root).order_by("path")


def institution_tree(*, city: CityCentrePage) -> list[DistrictNode]:
    """Districts → townships → villages under the city, in one query.

    The nodes hold plain pages (title and URL are all the tree shows); a
    level's page hangs under its parent of the level above, so an
    institution whose parent is unpublished or private is left out with it.
    """
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(city)
        .type(DistrictCollegePage, TownshipSchoolPage, VillagePointPage)
        .filter(depth__lte=city.depth + 3)
        .order_by("path")
    )
    districts: dict[str, DistrictNode] = {}
    townships: dict[str, TownshipNode] = {}
    for page in pages:
        parent = page.path[: -Page.steplen]
        if page.depth == city.depth + 1:
            districts[page.path] = DistrictNode(page)
        elif page.depth == city.depth + 2 and parent in districts:
            townships[page.path] = node = TownshipNode(page)
            districts[parent].townships.append(node)
        elif parent in townships:
            townships[parent].villages.append(page)
    return list(districts.values())


def network_stats(*, city: CityCentrePage, tree: list[DistrictNode]) -> NetworkStats:
    """How many institutions of each level, and the people they serve,
    counted from the tree the home page shows."""
    population = city.population_served or (
        _public(DistrictCollegePage, city)
        .filter(pk__in=[district.page.pk for district in tree])
        .aggregate(total=Sum("population_served"))["total"]
        or 0
    )
    return NetworkStats(
        districts=len(tree),
        townships=sum(len(district.townships) for district in tree),
        villages=sum(district.village_count for district in tree),
        population=population,
    )


def township_list(*, district: DistrictCollegePage) -> list[TownshipSchoolPage]:
    return list(
        TownshipSchoolPage.objects.live().public().child_of(district).order_by("path")
    )


def village_list(*, township: TownshipSchoolPage) -> list[VillagePointPage]:
    return list(
        VillagePointPage.objects.live().public().child_of(township).order_by("path")
    )


def institution_scope(
    *, queryset: QuerySet, user: AbstractBaseUser, path_field: str
) -> QuerySet:
    """Rows whose page (reached through `path_field`, a page path) lies in the
    institutions a staff member serves, subtrees included; all for superusers.

    Staff serve an institution by belonging to its editor group.
    """
    if user.is_superuser:
        return queryset
    paths = InstitutionEditorGroup.objects.filter(group__user=user).values_list(
        "page__path", flat=True
    )
    scope = Q(pk__in=[])
    for path in paths:
        scope |= Q(**{f"{path_field}__startswith": path})
    return queryset.filter(scope)


def institution_collection(*, page: Page) -> Collection:
    """The collection of the nearest institution at or above `page`.

    Media, images and documents made for a page belong there, so everyone who
    may edit the page may also choose them.
    """
    link = (
        InstitutionEditorGroup.objects.filter(
            page__in=page.get_ancestors(inclusive=True)
        )
        .select_related("collection")
        .order_by("-page__depth")
        .first()
    )
    return link.collection if link else Collection.get_first_root_node()


def institution_staff(*, page: Page) -> QuerySet:
    """Active members of the editor groups of the institutions at and above
    `page`: the staff a teacher there may credit on her work."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__institution_link__page__in=page.get_ancestors(inclusive=True),
        )
        .distinct()
    )
