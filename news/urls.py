from django.urls import path

from . import feeds, views
from .models import ArticlePage

app_name = "news"

urlpatterns = [
    path("tags/<path:tag>/", views.tag_page, name="tag"),
    path("rss.xml", feeds.ArticleFeed(ArticlePage), name="feed"),
    # Old DedeCMS addresses; the static form /<dir>/<aid>.html is handled by page routing.
    path("plus/view.php", views.legacy_dynamic_address, name="legacy_dynamic_address"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
