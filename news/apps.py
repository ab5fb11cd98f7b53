from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "新闻"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
