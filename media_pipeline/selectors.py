"""Who may watch an asset."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.models import Collection, Page, ReferenceIndex

from .models import MediaAsset
from .permissions import permission_policy


def media_assets_for(*, user, actions: tuple[str, ...]) -> QuerySet[MediaAsset]:
    """The assets the user may do any of `actions` ("change", "choose") to."""
    return permission_policy.instances_user_has_any_permission_for(user, actions)


def media_collections_for(*, user) -> QuerySet[Collection]:
    """Collections the user may upload into, the topmost first."""
    return permission_policy.collections_user_has_permission_for(user, "add").order_by(
        "path"
    )


def pages_using(*, asset: MediaAsset):
    """Pages whose content refers to the asset (Wagtail's reference index)."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(asset)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids])


def asset_is_public(*, asset: MediaAsset) -> bool:
    """Used on at least one published page that anyone may see."""
    return pages_using(asset=asset).live().public().exists()


def asset_readable_by(*, asset: MediaAsset, request: HttpRequest) -> bool:
    """The page's rule, not a rule of its own: whoever may view a live page
    using the asset (its view restrictions: signed in, a group, a password
    given in this session), the uploader, staff who may change the asset
    (its institution's collection and above), and staff who may edit a page
    using it (to preview before publishing). Being staff somewhere is not
    enough: another district's editor is refused the page, and its media."""
    pages = list(pages_using(asset=asset))
    for page in pages:
        if page.live and all(
            restriction.accept_request(request)
            for restriction in page.get_view_restrictions()
        ):
            return True
    user = request.user
    if not user.is_authenticated:
        return False
    if user.pk == asset.uploaded_by_id:
        return True
    if permission_policy.user_has_permission_for_instance(user, "change", asset):
        return True
    return any(page.permissions_for_user(user).can_edit() for page in pages)
