"""Cache backends, named by dotted path in `CACHES`: the near cache and Redis client reuse.

NearCache keeps, in this process and for a moment, what it read from another cache.

With Redis, every cache read is a network round trip, and a page-cache miss makes a dozen
of them (the site, the routed article, its neighbours, the navigation, the settings, the
rendered fragments). What those hold changes only when an editor publishes, so each
worker keeps what it read for `DAYUAN_PAGE_CACHE_LOCAL_SECONDS` (default 1 with Redis):
writes made in this worker are seen at once, writes made elsewhere within that second.

Copies are kept pickled, as every Django cache backend returns them: a request may change
the objects it got (an article's sections, a prefetched image) without another seeing it.

Only for what may be that stale: the page and content caches and template fragments use
it (the `near` alias); counters, rate limits and captchas use the shared cache directly.

RedisCache fails open: with Redis unreachable, every cache read used to raise outside
Django (in the WSGI fast path), and every reader, the admin included, got gunicorn's bare
500 page. Now each process keeps what it writes in its own memory for a few seconds and
reads it from there, one line is logged per process and outage (`Outage`), and Redis is
left alone for a moment between attempts, so an outage costs no connection attempt per
request.
"""

import logging
import pickle
import re
import threading
import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, InvalidCacheBackendError, caches
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.dispatch import receiver

MISSING = object()

logger = logging.getLogger(__name__)


class NearCache(BaseCache):
    max_entries = 1024

    def __init__(self, location, params):
        super().__init__(params)
        self._far_alias = location
        self._copies = {}
        self._lock = threading.Lock()

    @property
    def far(self):
        return caches[self._far_alias]

    @staticmethod
    def _seconds():
        return settings.DAYUAN_PAGE_CACHE_LOCAL_SECONDS

    def _copy(self, key):
        copy = self._copies.get(key)
        if copy is not None and copy[0] > time.monotonic():
            return pickle.loads(copy[1])  # noqa: S301 (written by this process only)
        return MISSING

    def _keep(self, values):
        seconds = self._seconds()
        if not seconds or not values:
            return
        expires = time.monotonic() + seconds
        pickled = {
            key: pickle.dumps(value, pickle.HIGHEST_PROTOCOL) for key, value in values.items()
        }
        with self._lock:
            if len(self._copies) + len(pickled) > self.max_entries:
                now = time.monotonic()
                self._copies = {k: v for k, v in self._copies.items() if v[0] > now}
                while self._copies and len(self._copies) + len(pickled) > self.max_entries:
                    del self._copies[next(iter(self._copies))]
            for key, value in pickled.items():
                self._copies[key] = (expires, value)

    def _forget(self, keys):
        with self._lock:
            for key in keys:
                self._copies.pop(key, None)

    def get(self, key, default=None, version=None):
        value = self.get_many([key], version=version).get(key, MISSING)
        return default if value is MISSING else value

    def get_many(self, keys, version=None):
        found = {}
        missing = []
        for key in keys:
            value = self._copy((key, version))
            if value is MISSING:
                missing.append(key)
            else:
                found[key] = value
        if missing:
            fetched = self.far.get_many(missing, version=version)
            self._keep({(key, version): value for key, value in fetched.items()})
            found.update(fetched)
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.far.set(key, value, timeout, version=version)
        self._keep({(key, version): value})

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        failed = self.far.set_many(data, timeout, version=version)
        self._keep({(key, version): value for key, value in data.items()})
        return failed

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([(key, version)])
        return self.far.add(key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.far.touch(key, timeout, version=version)

    def delete(self, key, version=None):
        self._forget([(key, version)])
        return self.far.delete(key, version=version)

    def delete_many(self, keys, version=None):
        self._forget([(key, version) for key in keys])
        return self.far.delete_many(keys, version=version)

    def has_key(self, key, version=None):
        return key in self.get_many([key], version=version)

    def incr(self, key, delta=1, version=None):
        self._forget([(key, version)])
        return self.far.incr(key, delta, version=version)

    def clear(self):
        with self._lock:
            self._copies = {}
        self.far.clear()

    def forget_local_copies(self):
        """Drop what this process kept (tests)."""
        with self._lock:
            self._copies = {}


class RedisCacheClient(django_redis.RedisCacheClient):
    """Django's Redis client, reusing its redis-py clients.

    Django builds a new `redis.Redis` for every cache operation, and redis-py's constructor
    (which fills a table of about 170 response callbacks) costs more than the round trip
    itself: a page that reads ten cached values paid for it ten times.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        # redis-py clients are thread-safe, and their pools reconnect after a fork.
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


def redacted_url(url):
    """A Redis address fit for a log line: no password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class Outage:
    """Whether a Redis server answers, as this process last found it.

    The first failure is logged (one line, no traceback), then Redis is left alone for
    `retry_seconds`: callers carry on without it instead of each waiting for a connection
    that is refused, or worse, that times out. The first success afterwards is logged
    too; if writes were dropped meanwhile (an invalidation among them, say), the
    `recovery_callbacks` run once, since what Redis holds may have missed them.
    """

    retry_seconds = 2.0

    def __init__(self, name, recovery_callbacks=()):
        self.name = name
        self.recovery_callbacks = recovery_callbacks
        self.down_since = None  # time.time() of the first failure
        self._retry_at = 0.0
        self._dropped_writes = False
        self._lock = threading.Lock()

    def skip(self, write=False):
        """Whether to leave Redis alone now; a write left out is remembered."""
        if self.down_since is None or time.monotonic() >= self._retry_at:
            return False
        if write:
            self._dropped_writes = True
        return True

    def failed(self, error, write=False):
        with self._lock:
            first = self.down_since is None
            if first:
                self.down_since = time.time()
            self._retry_at = time.monotonic() + self.retry_seconds
            self._dropped_writes = self._dropped_writes or write
        if first:
            logger.warning(
                "%s 不可用,暂时绕过(每 %g 秒重试):%s: %s",
                self.name,
                self.retry_seconds,
                type(error).__name__,
                error,
            )

    def succeeded(self):
        if self.down_since is None:
            return
        with self._lock:
            if self.down_since is None:
                return
            seconds = time.time() - self.down_since
            dropped = self._dropped_writes
            self.down_since, self._dropped_writes = None, False
        logger.warning("%s 已恢复,中断约 %d 秒", self.name, round(seconds))
        if dropped:
            for callback in self.recovery_callbacks:
                try:
                    callback()
                except Exception:  # Redis may have gone again; the next recovery retries
                    logger.exception("%s 恢复后的清理失败", self.name)


_outages = {}
_outages_lock = threading.Lock()


def outage_for(name, recovery_callbacks=()):
    """The process's `Outage` for this server: every thread's cache object shares it."""
    with _outages_lock:
        if name not in _outages:
            _outages[name] = Outage(name, recovery_callbacks)
        return _outages[name]


@receiver(setting_changed)
def _forget_outages(setting, **kwargs):
    if setting == "CACHES":  # tests point the cache elsewhere; a server never does
        with _outages_lock:
            _outages.clear()


# Run when the cache's Redis answers again after writes were dropped (pagecache/apps.py).
cache_recovery_callbacks = []

# While Redis is away: what a process keeps in its own memory, and for how long at most.
OUTAGE_SECONDS = 5
OUTAGE_MAX_ENTRIES = 1000

# Fast failure when Redis is unreachable, unless the settings' OPTIONS say otherwise: a
# cache round trip takes well under a millisecond, and redis-py's default waits 5 s.
DEFAULT_SOCKET_OPTIONS = {"socket_connect_timeout": 1.0, "socket_timeout": 1.0}

_GLOB_SPECIAL = re.compile(r"([*?\[\]\\])")


class RedisCache(django_redis.RedisCache):
    """Django's Redis cache, reusing its clients and failing open (module docstring).

    While Redis is unreachable, each process keeps what it writes in its own memory for at
    most OUTAGE_SECONDS and reads it from there (`incr` raises ValueError for a missing
    key, as Django's backends do): with every cache missing, an article took 0.2 s to
    render (10,000 articles, SQLite), so each page is now rendered once per worker every
    few seconds instead of on every request. Rate limits and "seen" marks count per
    worker and for those few seconds only, and a change made in another process reaches
    this one within them, as through the near cache.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        self._options = {**DEFAULT_SOCKET_OPTIONS, **self._options}
        name = "Redis 缓存 " + ", ".join(redacted_url(url) for url in self._servers)
        self.outage = outage_for(name, cache_recovery_callbacks)
        # Local memory caches of one name share their store: every thread's sees it all.
        self._stand_in = LocMemCache(
            f"dayuan-outage:{name}", {"OPTIONS": {"MAX_ENTRIES": OUTAGE_MAX_ENTRIES}}
        )

    @property
    def reachable(self):
        """Whether Redis answered the last time this process asked."""
        return self.outage.down_since is None

    def _guarded(self, operation, stand_in, write=False):
        errors = self._cache._lib.exceptions
        try:
            if self.outage.down_since is not None:
                if self.outage.skip(write):
                    return stand_in()
                # Back, perhaps: what was dropped meanwhile is dealt with (the recovery
                # callbacks) before anything is read that it made stale.
                self._cache.get_client(write=True).ping()
                self.outage.succeeded()
                self._stand_in.clear()
            return operation()
        except (errors.ConnectionError, errors.TimeoutError) as error:
            self.outage.failed(error, write)
            return stand_in()

    def _outage_timeout(self, timeout):
        timeout = self.get_backend_timeout(timeout)  # None: for ever
        return OUTAGE_SECONDS if timeout is None else min(timeout, OUTAGE_SECONDS)

    def get(self, key, default=None, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).get(key, default, version),
            lambda: self._stand_in.get(key, default, version),
        )

    def get_many(self, keys, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).get_many(keys, version),
            lambda: self._stand_in.get_many(keys, version),
        )

    def has_key(self, key, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).has_key(key, version),
            lambda: self._stand_in.has_key(key, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guarded(
            lambda: super(RedisCache, self).set(key, value, timeout, version),
            lambda: self._stand_in.set(key, value, self._outage_timeout(timeout), version),
            write=True,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).set_many(data, timeout, version),
            lambda: self._stand_in.set_many(data, self._outage_timeout(timeout), version),
            write=True,
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).add(key, value, timeout, version),
            lambda: self._stand_in.add(key, value, self._outage_timeout(timeout), version),
            write=True,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).touch(key, timeout, version),
            lambda: self._stand_in.touch(key, self._outage_timeout(timeout), version),
            write=True,
        )

    def delete(self, key, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).delete(key, version),
            lambda: self._stand_in.delete(key, version),
            write=True,
        )

    def delete_many(self, keys, version=None):
        self._guarded(
            lambda: super(RedisCache, self).delete_many(keys, version),
            lambda: self._stand_in.delete_many(keys, version),
            write=True,
        )

    def incr(self, key, delta=1, version=None):
        return self._guarded(
            lambda: super(RedisCache, self).incr(key, delta, version),
            lambda: self._stand_in.incr(key, delta, version),
            write=True,
        )

    def clear(self):
        return self._guarded(
            lambda: super(RedisCache, self).clear(), self._stand_in.clear, write=True
        )

    def delete_matching(self, patterns):
        """Delete this cache's keys matching glob `patterns` (names as callers give them).

        Only keys under this cache's KEY_PREFIX and version: never another site's keys in
        the same Redis database, never FLUSHDB. Raises if Redis is unreachable: whoever
        asked must know the keys are still there. Returns how many were deleted.
        """
        client = self._cache.get_client(write=True)
        prefix = _GLOB_SPECIAL.sub(r"\\\1", self.make_key(""))
        deleted = 0
        for pattern in patterns:
            batch = []
            for key in client.scan_iter(match=prefix + pattern, count=1000):
                batch.append(key)
                if len(batch) >= 1000:
                    deleted += client.unlink(*batch)
                    batch = []
            if batch:
                deleted += client.unlink(*batch)
        return deleted


NEAR_ALIAS = "near"


def get_near_cache():
    """The cache the page and content caches and fragments use: the `near` alias.

    Falls back to the default alias where the settings name no `near` cache, the way
    Wagtail's renditions read `caches["renditions"]`.
    """
    try:
        return caches[NEAR_ALIAS]
    except InvalidCacheBackendError:
        return caches[DEFAULT_CACHE_ALIAS]


class _NearCacheProxy:
    """`get_near_cache()`, looked up on every use: settings and threads may change it."""

    def __getattr__(self, name):
        return getattr(get_near_cache(), name)


near_cache = _NearCacheProxy()
