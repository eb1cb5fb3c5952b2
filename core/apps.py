from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers with no domain: rate limits, languages, navigation, page access.

    The bottom layer: it imports no other app of the project.
    """

    name = "core"
    label = "core"
    verbose_name = "公共组件"

    def ready(self) -> None:
        from . import pagecache, restrictions

        restrictions.install()
        pagecache.install()
