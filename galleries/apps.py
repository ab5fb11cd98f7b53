from django.apps import AppConfig


class GalleriesConfig(AppConfig):
    name = "galleries"
    verbose_name = "图集"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
