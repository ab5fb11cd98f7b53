"""Buffered views live apart from the cache: clearing the cache never drops them."""

from django.core.cache import cache
from django.test import SimpleTestCase, TestCase

import pytest

from site_project.settings.base import redis_url_next_database
from tests.support.factories import build_site, make_article
from viewcounts.buffers import flush_views, view_buffer
from viewcounts.models import ArticleViewCount

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


class BufferDatabaseSettingTest(SimpleTestCase):
    def test_the_buffer_takes_the_next_database_of_the_cache_server(self):
        self.assertEqual(
            redis_url_next_database("redis://127.0.0.1:6379/0"), "redis://127.0.0.1:6379/1"
        )
        self.assertEqual(redis_url_next_database("redis://cache:6379/4"), "redis://cache:6379/5")
        self.assertEqual(
            redis_url_next_database("redis://:secret@cache:6379"), "redis://:secret@cache:6379/1"
        )


@pytest.mark.redis
class ClearingTheCacheKeepsViewsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(build_site().xinzhou, "忻州新闻")

    def test_views_pending_in_redis_survive_a_cache_clear(self):
        address = f"/hits/{self.article.article_number}/"
        for reader in range(3):  # three readers: one reader's views count once
            self.client.post(
                address, headers={"user-agent": BROWSER}, REMOTE_ADDR=f"192.0.2.{reader + 1}"
            )
        buffer = view_buffer()
        cache_database = cache._cache.get_client().connection_pool.connection_kwargs["db"]
        buffer_database = buffer.client.connection_pool.connection_kwargs["db"]
        self.assertNotEqual(buffer_database, cache_database)
        cache.clear()  # FLUSHDB on the cache's database
        self.assertEqual(flush_views(), 3)
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 3)
