"""What Wagtail's data migrations create, for tests that run after a flush.

Transactional tests (the browser tests) end with a database flush, which also
removes the root page, root collection and default locale that migrations made.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, Locale, Page


def ensure_wagtail_baseline() -> None:
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(
            instance=Page(
                title="Root",
                slug="root",
                content_type=ContentType.objects.get_for_model(Page),
            )
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
