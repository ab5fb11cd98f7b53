from django.apps import AppConfig


class WatermarksConfig(AppConfig):
    name = "watermarks"
    verbose_name = "水印"
