"""Every address of the site the front cache may hold: what `purge_cache` sends it.

Later pages of a listing (?page=2) are never kept there (deploy/nginx/: every new article
moves them all); the app's page cache answers them, and `purge_cache` empties that.
"""

import types

from wagtail.models import Page

from news.invalidation import tag_path
from news.models import ArticlePage, ArticleTag, SectionPage
from news.models.pages import FEED_FILENAME
from pagecache.purge import SITE_WIDE_PATHS


def _path(page, cache_object):
    # Wagtail keeps the sites' root paths on `cache_object` (any object, as in its own
    # purge_page_from_cache): one lookup for the whole walk, not one per page.
    parts = page.get_url_parts(cache_object)
    return parts[2] if parts else None


def front_cache_paths():
    """Site-relative paths, sorted: every live page, each section's feed, each tag's page,
    the front page, the site feed, the sitemap and robots.txt."""
    paths = {*SITE_WIDE_PATHS, "/robots.txt"}
    cache_object = types.SimpleNamespace()
    for article in ArticlePage.objects.live().defer_streamfields().iterator(chunk_size=2000):
        paths.add(_path(article, cache_object))
    for page in Page.objects.live().not_type(ArticlePage).specific():
        paths.add(_path(page, cache_object))
    for section in SectionPage.objects.live():
        section_path = _path(section, cache_object)
        if section_path:
            paths.add(f"{section_path}{FEED_FILENAME}")
    tags = ArticleTag.objects.filter(content_object__live=True).values_list("tag__name", flat=True)
    paths.update(tag_path(name) for name in tags.distinct())
    paths.discard(None)
    return sorted(paths)
