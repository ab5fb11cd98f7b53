from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "新闻"

    def ready(self):
        from . import signals  # noqa: F401
        from .comments import receivers  # noqa: F401
        from .newsroom import review  # noqa: F401
