"""Page changes reach the index after the transaction commits, via Celery;
removals (unpublish, privacy, delete, a move under a private page) also
happen at once, in the request, so they never wait for a worker.

A course's lessons carry its facets and a page's privacy covers its
descendants, so those changes resync the whole subtree.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from community.models import LearningGroup
from community.signals import rating_changed
from institutions.models import CityCentrePage
from institutions.signals import institution_group_synced

from . import indexing
from .tasks import sync_after_commit


def _changed(page_ids: list[int]) -> None:
    """A place that goes private or unpublished takes its learning groups
    with it."""
    group_ids = indexing.groups_in(page_ids)
    transaction.on_commit(lambda: indexing.unlist_pages(page_ids))
    if group_ids:
        transaction.on_commit(lambda: indexing.unlist_groups(group_ids))
    sync_after_commit(page_ids, group_ids=group_ids)


def _group_changed(instance: LearningGroup, **kwargs) -> None:
    """A group staff hide leaves the supermarket in the same request."""
    transaction.on_commit(lambda: indexing.unlist_groups([instance.pk]))
    sync_after_commit([], group_ids=[instance.pk])


def _subtree(instance: Page, **kwargs) -> None:
    _changed(indexing.affected_pages(instance))


def _restriction_changed(instance: PageViewRestriction, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    _changed(indexing.affected_pages(page) if page else [instance.page_id])


def _deleting(instance, **kwargs) -> None:
    # Descendants are gone after the delete, so their ids are read before it.
    if isinstance(instance, Page):
        instance._search_subtree = indexing.affected_pages(instance)


def _deleted(instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _changed(getattr(instance, "_search_subtree", [instance.pk]))


def _rating_changed(page_id: int, **kwargs) -> None:
    sync_after_commit([page_id])


def _synonyms_changed(**kwargs) -> None:
    from django.core.cache import cache

    from .selectors import SYNONYMS_CACHE_KEY

    cache.delete(SYNONYMS_CACHE_KEY)


#: What the city's editors may do with the supermarket: keep the thesaurus,
#: review the suggestions mined from searches, read what residents did not
#: find and hide a "大家常搜" chip.
CITY_EDITOR_PERMISSIONS = (
    *(f"{action}_synonym" for action in ("add", "change", "delete", "view")),
    "view_synonymcandidate",
    "change_synonymcandidate",
    "view_searchquery",
    "change_searchquery",
)


def _grant_city_editors(sender, *, page, group, **kwargs) -> None:
    if not isinstance(page.specific, CityCentrePage):
        return
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="search", codename__in=CITY_EDITOR_PERMISSIONS
        )
    )


def register() -> None:
    institution_group_synced.connect(
        _grant_city_editors, dispatch_uid="search-city-editors"
    )
    from .models import Synonym

    post_save.connect(_synonyms_changed, sender=Synonym, dispatch_uid="search-syn-s")
    post_delete.connect(_synonyms_changed, sender=Synonym, dispatch_uid="search-syn-d")
    rating_changed.connect(_rating_changed, dispatch_uid="search-rating")
    page_published.connect(_subtree, dispatch_uid="search-published")
    page_unpublished.connect(_subtree, dispatch_uid="search-unpublished")
    post_page_move.connect(_subtree, dispatch_uid="search-moved")
    post_save.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-rs"
    )
    post_delete.connect(
        _restriction_changed, sender=PageViewRestriction, dispatch_uid="search-rd"
    )
    post_save.connect(_group_changed, sender=LearningGroup, dispatch_uid="search-gs")
    post_delete.connect(_group_changed, sender=LearningGroup, dispatch_uid="search-gd")
    pre_delete.connect(_deleting, dispatch_uid="search-deleting")
    post_delete.connect(_deleted, dispatch_uid="search-deleted")
