from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "搜索"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
