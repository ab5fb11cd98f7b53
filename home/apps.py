from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与站点设置"

    def ready(self):
        from . import signals  # noqa: F401
