from django.apps import AppConfig


class MediaPipelineConfig(AppConfig):
    name = "media_pipeline"
    label = "media_pipeline"
    verbose_name = "音视频处理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import mimetypes

        from wagtail.permissions import register_permission_policy

        from . import cache, checks, signal_handlers  # noqa: F401 - they register themselves
        from .models import MediaAsset
        from .permissions import permission_policy

        register_permission_policy(MediaAsset, permission_policy)
        cache.install()

        # Storages pick Content-Type by extension; players need these exact types.
        mimetypes.add_type("application/vnd.apple.mpegurl", ".m3u8")
        mimetypes.add_type("video/mp2t", ".ts")
