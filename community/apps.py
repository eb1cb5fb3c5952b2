from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("社区活动")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import cache
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        cache.install()
