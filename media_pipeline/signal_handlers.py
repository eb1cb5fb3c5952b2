"""Each institution's group may upload, change and choose media in its collection."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.dispatch import receiver
from wagtail.models import Collection, GroupCollectionPermission

from institutions.signals import institution_group_synced

from .permissions import COLLECTION_PERMISSIONS


@receiver(institution_group_synced, dispatch_uid="media_pipeline_collection_perms")
def grant_media_permissions(
    sender, *, group: Group, collection: Collection, **kwargs
) -> None:
    for app_label, codename in COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            ),
        )
