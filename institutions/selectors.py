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
    page: TownshipSchoolPage
    villages: list[VillagePointPage] = field(default_factory=list)


@dataclass
class DistrictNode:
    page: DistrictCollegePage
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
    """Districts → townships → villages under the city, in three queries."""
    districts = [DistrictNode(page) for page in _public(DistrictCollegePage, city)]
    townships: dict[str, TownshipNode] = {}
    for district in districts:
        for page in _public(TownshipSchoolPage, city).filter(
            path__startswith=district.page.path
        ):
            node = TownshipNode(page)
            townships[page.path] = node
            district.townships.append(node)
    for village in _public(VillagePointPage, city):
        parent = townships.get(village.path[: -Page.steplen])
        if parent is not None:
            parent.villages.append(village)
    return districts


def network_stats(*, city: CityCentrePage) -> NetworkStats:
    """How many institutions of each level, and the people they serve."""
    districts = _public(DistrictCollegePage, city)
    population = city.population_served or (
        districts.aggregate(total=Sum("population_served"))["total"] or 0
    )
    return NetworkStats(
        districts=districts.count(),
        townships=_public(TownshipSchoolPage, city).count(),
        villages=_public(VillagePointPage, city).count(),
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
