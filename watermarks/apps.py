from django.apps import AppConfig


class WatermarksConfig(AppConfig):
    name = "watermarks"
    verbose_name = "水印"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
