from django.apps import AppConfig


class LiveblogsConfig(AppConfig):
    name = "liveblogs"
    verbose_name = "图文直播"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
