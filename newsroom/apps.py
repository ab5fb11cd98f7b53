from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "编辑部"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .media import register_permission_policies
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_permission_policies()
