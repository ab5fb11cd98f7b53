from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "页面缓存"

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
        from .backends import cache_recovery_callbacks
        from .purge import forget_cached_content

        # Redis back after an outage that dropped writes (a purge among them, perhaps):
        # what it holds may be stale, so this site's cached pages and content go.
        cache_recovery_callbacks.append(forget_cached_content)
