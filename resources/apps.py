from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    label = "resources"
    verbose_name = "课程资源"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import cache, signal_handlers  # noqa: F401 - connects the receivers

        cache.install()
