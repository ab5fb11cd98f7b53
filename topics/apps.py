from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "专题"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
