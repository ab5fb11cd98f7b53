import logging
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management.base import BaseCommand, CommandError

from operations.front_cache import front_cache_paths
from pagecache.purge import forget_cached_content, purge_front_cache

# Where a failed purge of the front cache is reported (pagecache/frontend.py, purge.py).
FRONT_CACHE_LOGGERS = ("pagecache.frontend", "pagecache.purge")


class _Failures(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.count = 0

    def emit(self, record):
        self.count += 1


class Command(BaseCommand):
    help = (
        "清空本站的页面缓存、内容缓存和模板片段(只删本站前缀下的键,不动阅读数缓冲、"
        "计数器和其他站点的键),并清除前端缓存中本站的每个地址。发布新版本后运行。"
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.forget_application_caches()
        self.purge_front_cache()
        self.stdout.write(f"完成,用时 {time.monotonic() - started:.1f} 秒。")

    def forget_application_caches(self):
        backend = caches[DEFAULT_CACHE_ALIAS]
        try:
            deleted = forget_cached_content()
        except Exception as error:  # Redis unreachable: the keys are still there
            raise CommandError(f"无法清空缓存:{type(error).__name__}: {error}") from error
        if isinstance(backend, LocMemCache):
            self.stderr.write(
                "注意:缓存在各进程自己的内存中(未设置 REDIS_URL 或 CACHE_DIR),本命令清不到"
                "运行中服务器的缓存,请重启应用服务器。"
            )
        elif deleted is None:
            self.stdout.write("应用缓存:已换新版本号,之前存的页面、内容和模板片段全部作废。")
        else:
            prefix = backend.key_prefix or "(无)"
            self.stdout.write(
                f"应用缓存:删除本站(前缀 {prefix})的页面、内容和模板片段 {deleted} 个键;"
                "阅读数缓冲和其他站点的键未动。"
            )

    def purge_front_cache(self):
        if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
            self.stdout.write("前端缓存:未配置(FRONTEND_CACHE_URL),跳过。")
            return
        paths = front_cache_paths()
        failures = _Failures()
        loggers = [logging.getLogger(name) for name in FRONT_CACHE_LOGGERS]
        for logger in loggers:
            logger.addHandler(failures)
        try:
            sent = purge_front_cache(paths)
        finally:
            for logger in loggers:
                logger.removeHandler(failures)
        self.stdout.write(
            f"前端缓存:{len(paths)} 个地址,发出 {sent} 个清除请求,错误 {failures.count} 条。"
        )
        if failures.count:
            raise CommandError("前端缓存没有全部清除,见上面的日志。")
