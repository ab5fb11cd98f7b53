from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "首页与站点设置"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .signal_handlers import register_signal_handlers
        from .wagtail_language import after_migrate, label_wagtail_fields

        register_signal_handlers()
        # The admin's Chinese where Wagtail shows English no catalogue reaches.
        label_wagtail_fields()
        post_migrate.connect(after_migrate, dispatch_uid="home.wagtail_language")
