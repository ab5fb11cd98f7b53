from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_file

from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from comments import captcha as comment_captcha
from comments import urls as comment_urls
from distribution import urls as distribution_urls
from liveblogs import urls as liveblog_urls
from news import urls as news_urls
from newsroom import admin_overrides
from search import suggest_views
from search import views as search_views
from viewcounts import urls as viewcount_urls

# A database outage is a 503 with Retry-After, not a 500 (operations/errors.py).
handler500 = "operations.errors.server_error"

urlpatterns = [
    # Ahead of Wagtail's admin: the few admin views that would show what the user may not
    # see (newsroom/admin_overrides.py).
    path("admin/", include(admin_overrides)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/suggest/", suggest_views.suggest, name="search_suggest"),
    path("search/", search_views.search, name="search"),
    # Ahead of the library's audio view (flite, English only): ours speaks Mandarin.
    path("captcha/audio/<str:key>.wav", comment_captcha.audio_view, name="captcha-audio"),
    path("captcha/", include("captcha.urls")),
    path("hits/", include(viewcount_urls)),
    path("comments/", include(comment_urls)),
    path("", include(distribution_urls)),
    path("live/", include(liveblog_urls)),
    path("", include(news_urls)),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [
        re_path(
            # Renditions and videos only: originals, documents and pending uploads are
            # private (docs/media.md); documents are served by /documents/ once published.
            # Videos carry unguessable names like images (docs/video.md).
            rf"^{media_prefix}(?P<path>(?:images|videos)/.*)$",
            serve_file,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

urlpatterns += [
    # Wagtail's own pattern only matches paths ending in "/": hand article files
    # (/gsyl/xinzhou/3697.html), a gallery's photos (3697_2.html) and section feeds
    # (/gsyl/rss.xml) to its page router too.
    re_path(
        r"^((?:[\w\-]+/)*(?:[1-9][0-9]{0,8}(?:_[1-9][0-9]{0,3})?\.html|rss\.xml))$",
        wagtail_views.serve,
        name="wagtail_serve_file",
    ),
    path("", include(wagtail_urls)),
]
