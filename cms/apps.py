from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    label = "cms"
    verbose_name = "社区教育机构网络"
    default_auto_field = "django.db.models.BigAutoField"
