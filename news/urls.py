from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("tags/<path:tag>/", views.tag_page, name="tag"),
    path("hits/<int:article_number>/", views.record_view, name="record_view"),
    path("rss.xml", feeds.ArticleFeed(), name="feed"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
