from django.apps import AppConfig


class ViewCountsConfig(AppConfig):
    name = "viewcounts"
    verbose_name = "阅读数"
    default_auto_field = "django.db.models.BigAutoField"
