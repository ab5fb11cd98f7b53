from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "distribution"
    verbose_name = "搜索引擎推送"

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
