from django.conf import settings

from .content import content_version


def fragment_cache(request):
    """What cached template fragments vary on, and how long they are kept.

    A fragment is kept no longer than a cached page: it holds what such a page holds
    (an image edit's new renditions, say, purge neither).
    """
    return {
        "content_version": content_version(request),
        "fragment_seconds": settings.DAYUAN_PAGE_CACHE_SECONDS,
    }
