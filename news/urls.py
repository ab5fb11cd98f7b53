from django.urls import path

from . import feeds, views
from .comments import views as comment_views

app_name = "news"

urlpatterns = [
    path("tags/<path:tag>/", views.tag_page, name="tag"),
    path("hits/<int:article_number>/", views.record_view, name="record_view"),
    path("comments/<int:article_number>/", comment_views.comment_page, name="comment_page"),
    path("comments/<int:article_number>/form/", comment_views.comment_form, name="comment_form"),
    path("comments/<int:article_number>/post/", comment_views.comment_post, name="comment_post"),
    path("rss.xml", feeds.ArticleFeed(), name="feed"),
    # Old DedeCMS addresses; the static form /<dir>/<aid>.html is handled by page routing.
    path("plus/view.php", views.legacy_dynamic_address, name="legacy_dynamic_address"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
]
