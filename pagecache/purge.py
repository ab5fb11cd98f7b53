"""Purging cached pages: the page cache in the application and the front cache, together.

Which paths a change touches is the content app's business (news/invalidation.py); this
module only forgets them, everywhere they are kept.
"""

import logging

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Site

from .backends import get_near_cache
from .content import content_changed
from .pages import invalidate_all, invalidate_paths
from .settings_cache import forget_all_site_settings

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


def purge_front_cache(paths):
    """Purge `paths` (a query kept: "/gsyl/?page=2") from the front cache only.

    Returns how many addresses were sent, 0 when no front cache is configured.
    """
    return _purge_frontend_cache(paths)


def forget_cached_content():
    """Empty this site's page cache, content cache, template fragments and cached settings.

    Only this site's keys (DAYUAN_PURGED_CACHE_KEYS under its KEY_PREFIX): never the
    view-count buffer (a Redis database of its own), counters, rate limits or another
    site's keys, never FLUSHDB. Where the cache cannot list its keys (files), new tokens
    make every stored page, content entry and fragment unreachable all the same.

    Returns how many keys were deleted, or None where keys cannot be listed.
    """
    backend = caches[DEFAULT_CACHE_ALIAS]
    patterns = settings.DAYUAN_PURGED_CACHE_KEYS
    deleted = None
    if hasattr(backend, "delete_matching"):
        deleted = backend.delete_matching(patterns)
    else:
        backend.delete_many([pattern for pattern in patterns if "*" not in pattern])
        forget_all_site_settings()
    # New tokens reach the copies workers keep for a second (the near cache), too.
    content_changed()
    invalidate_all()
    near = get_near_cache()
    if hasattr(near, "forget_local_copies"):
        near.forget_local_copies()
    return deleted


def _purge_frontend_cache(paths):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return 0
    urls = [f"{site.root_url}{path}" for site in Site.objects.all() for path in paths if path]
    try:
        purge_urls_from_cache(urls)
    except Exception:  # a CDN outage must not stop an editor publishing
        logger.exception("CDN purge failed for %d addresses", len(urls))
    return len(urls)
