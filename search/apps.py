from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "学习超市搜索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import cache, signal_handlers

        signal_handlers.register()
        cache.install()
        _image_tags_filterable()


def _image_tags_filterable() -> None:
    """Wagtail's image chooser filters by tag name inside a search, but
    Image.search_fields index tag names for searching only; the admin
    backend then refuses the filter (HTTP 500 for an editor who searches
    and picks a tag). Declaring the filter field makes that search work."""
    from modelsearch import index
    from wagtail.images import get_image_model

    for field in get_image_model().search_fields:
        if isinstance(field, index.RelatedFields) and field.field_name == "tags":
            if not any(
                isinstance(f, index.FilterField) and f.field_name == "name"
                for f in field.fields
            ):
                field.fields.append(index.FilterField("name"))
