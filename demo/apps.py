from django.apps import AppConfig


class DemoConfig(AppConfig):
    """``seed_demo`` and its data: 新余市's network, courses and residents."""

    name = "demo"
    label = "demo"
    verbose_name = "演示数据"
