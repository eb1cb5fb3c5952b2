from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    """The network tree: city centre → colleges → schools → teaching points.

    The label stays ``cms``, where these models were born, so their tables,
    content types and migration history are unchanged by the move.
    """

    name = "institutions"
    label = "cms"
    verbose_name = "社区教育机构网络"
    default_auto_field = "django.db.models.BigAutoField"
