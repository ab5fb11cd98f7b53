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
"""

import pickle
import threading
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, InvalidCacheBackendError, caches
from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

MISSING = object()


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


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


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
