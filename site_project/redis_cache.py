"""Django's Redis cache backend, reusing its redis-py clients.

Django builds a new `redis.Redis` for every cache operation, and redis-py's constructor
(which fills a table of about 170 response callbacks) costs more than the round trip
itself: a page that reads ten cached values paid for it ten times.
"""

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
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
