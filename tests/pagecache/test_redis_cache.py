"""The Redis cache backend reuses one redis-py client instead of building one per call."""

from django.core.cache import cache, caches
from django.test import SimpleTestCase

import pytest

from pagecache.backends import RedisCache


@pytest.mark.redis
class RedisCacheTest(SimpleTestCase):
    def test_the_configured_cache_is_ours(self):
        self.assertIsInstance(caches["default"], RedisCache)

    def test_one_client_serves_every_operation(self):
        backend = cache._cache
        self.assertIs(backend.get_client(write=True), backend.get_client())
        cache.set("dayuan:test:reused", {"标题": "新闻"})
        cache.set_many({"dayuan:test:a": 1, "dayuan:test:b": 2})
        self.assertEqual(cache.get("dayuan:test:reused"), {"标题": "新闻"})
        self.assertEqual(
            cache.get_many(["dayuan:test:a", "dayuan:test:b"]),
            {
                "dayuan:test:a": 1,
                "dayuan:test:b": 2,
            },
        )
        self.assertEqual(len(backend._clients), 1)
