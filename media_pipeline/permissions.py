"""Who may see, choose, change and delete media assets.

The same rule as Wagtail's images and documents: permissions are granted per
collection (each institution has one, nested like the tree, see
institutions.services) and reach down into its sub-collections; whoever may
add to a collection may also change the assets they uploaded there.
"""

from __future__ import annotations

from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
)

from .models import MediaAsset

permission_policy = CollectionOwnershipPermissionPolicy(
    MediaAsset, auth_model=MediaAsset, owner_field_name="uploaded_by"
)

# Given to each institution's group on its own collection.
COLLECTION_PERMISSIONS = (
    ("media_pipeline", "add_mediaasset"),
    ("media_pipeline", "change_mediaasset"),
    ("media_pipeline", "choose_mediaasset"),
)
