"""Purging cached pages: the page cache in the application and the front cache, together.

Which paths a change touches is the content app's business (news/invalidation.py); this
module only forgets them, everywhere they are kept.
"""

import logging

from django.conf import settings

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site

from .content import content_changed
from .pages import invalidate_all, invalidate_paths

logger = logging.getLogger(__name__)

# Pages every change may show on: the front page, the site feed, the sitemap.
SITE_WIDE_PATHS = ("/", "/rss.xml", "/sitemap.xml")


def purge(paths):
    invalidate_paths(paths)
    _purge_frontend_cache(paths)


def purge_everything():
    content_changed()
    invalidate_all()
    _purge_frontend_cache(SITE_WIDE_PATHS)


def _purge_frontend_cache(paths):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = [f"{site.root_url}{path}" for site in Site.objects.all() for path in paths if path]
    try:
        purge_urls_from_cache(urls)
    except Exception:  # a CDN outage must not stop an editor publishing
        logger.exception("CDN purge failed for %d addresses", len(urls))
