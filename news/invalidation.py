"""Which cached pages change when content changes, and purging them.

Publishing an article refreshes the article, its sections and their feeds, the home
page and site feed, the sitemap, the pages of its tags (old and new), its previous
and next articles and the articles it lists as related. Changes that show on every
page (a section's title in the navigation, site settings, view restrictions, moves)
refresh everything. Anything else a page shows (most-read lists) expires with the
cache timeout.
"""

import logging

from django.conf import settings
from django.urls import reverse

from wagtail.models import Site

from . import caching
from .content_cache import content_changed

logger = logging.getLogger(__name__)

SITE_WIDE_PATHS = ("/", "/rss.xml", "/sitemap.xml")


def _relative_path(page):
    parts = page.get_url_parts()
    return parts[2] if parts else None


def tag_path(name):
    return reverse("news:tag", args=[name])


def paths_for_article(article, extra_tag_names=()):
    from .models import ArticlePage, SectionPage

    paths = set(SITE_WIDE_PATHS)
    paths.add(_relative_path(article))
    for section in SectionPage.objects.ancestor_of(article):
        section_path = _relative_path(section)
        if section_path:
            paths.update({section_path, f"{section_path}rss.xml"})
    tag_names = set(article.tags.values_list("name", flat=True)) | set(extra_tag_names)
    paths.update(tag_path(name) for name in tag_names)
    siblings = ArticlePage.objects.sibling_of(article, inclusive=False).live()
    neighbours = [
        siblings.filter(publish_time__lt=article.publish_time).by_time().first(),
        siblings.filter(publish_time__gt=article.publish_time)
        .order_by("publish_time", "pk")
        .first(),
        *article.related_articles(list(article.tags.all())),
    ]
    paths.update(_relative_path(page) for page in neighbours if page)
    return paths


def previous_tag_names(article):
    """Tags of the revision that was live before this publish, if there was one."""
    from taggit.models import Tag

    revisions = article.revisions.order_by("-created_at", "-id")[1:2]
    for revision in revisions:
        tag_ids = [item.get("tag") for item in revision.content.get("tagged_items", [])]
        return list(
            Tag.objects.filter(pk__in=[pk for pk in tag_ids if pk]).values_list("name", flat=True)
        )
    return []


def purge(paths):
    caching.invalidate_paths(paths)
    _purge_frontend_cache(paths)


def purge_everything():
    content_changed()
    caching.invalidate_all()
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        _purge_frontend_cache(SITE_WIDE_PATHS)


def _purge_frontend_cache(paths):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    urls = [f"{site.root_url}{path}" for site in Site.objects.all() for path in paths if path]
    try:
        purge_urls_from_cache(urls)
    except Exception:  # a CDN outage must not stop an editor publishing
        logger.exception("CDN purge failed for %d addresses", len(urls))
