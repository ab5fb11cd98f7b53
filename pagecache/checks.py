"""System checks: the page cache must see every request first."""

from django.conf import settings
from django.core.checks import Error, register

PAGE_CACHE_MIDDLEWARE = "pagecache.middleware.PageCacheMiddleware"


@register()
def page_cache_middleware_first(app_configs, **kwargs):
    """A middleware before the page cache would run (and could set cookies) on cached hits
    in development but not behind the WSGI fast path: the two would answer differently."""
    if list(settings.MIDDLEWARE[:1]) == [PAGE_CACHE_MIDDLEWARE]:
        return []
    return [
        Error(
            "页面缓存中间件必须是 MIDDLEWARE 的第一项。",
            hint=f"把 {PAGE_CACHE_MIDDLEWARE!r} 放在 MIDDLEWARE 最前面。",
            id="pagecache.E001",
        )
    ]
