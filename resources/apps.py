from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    label = "resources"
    verbose_name = "课程资源"
    default_auto_field = "django.db.models.BigAutoField"
