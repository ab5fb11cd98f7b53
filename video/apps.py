from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "video"
    verbose_name = "视频"

    def ready(self):
        from .wagtailmedia_compat import use_registered_permission_policy

        use_registered_permission_policy()
