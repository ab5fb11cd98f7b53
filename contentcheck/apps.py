from django.apps import AppConfig


class ContentcheckConfig(AppConfig):
    name = "contentcheck"
    verbose_name = "内容检查"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
