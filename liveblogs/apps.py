from django.apps import AppConfig


class LiveblogsConfig(AppConfig):
    name = "liveblogs"
    verbose_name = "图文直播"
