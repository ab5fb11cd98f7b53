"""The Redis view buffer while its Redis is away: views go to the database, none is lost.

Before, every view during an outage logged a traceback; the worker's flush raised and,
raising first, kept scheduled publishing from running. Now the first failure is logged
once, views are written straight to the database, and what Redis still held is written
once it answers again.
"""

import time

from django.test import TestCase

import pytest

from pagecache.backends import Outage
from tests.support.factories import build_site, make_article
from tests.support.redis_server import ThrowawayRedis
from viewcounts.buffers import RedisViewBuffer
from viewcounts.models import ArticleViewCount

NOWHERE = "redis://127.0.0.1:1/1"


class ArticleMixin:
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(build_site().xinzhou, "忻州新闻")


class DeadRedisTest(ArticleMixin, TestCase):
    def test_views_are_written_to_the_database_and_logged_once(self):
        buffer = RedisViewBuffer(NOWHERE, "dayuan-test", interval=1)
        self.addCleanup(buffer.close)
        with self.assertLogs("pagecache.backends", "WARNING") as logs:
            counts = [buffer.hit(self.article.pk, counted=True) for _ in range(20)]
            self.assertEqual(buffer.flush(), 0)
            self.assertEqual(buffer.hit(self.article.pk, counted=False), 20)
        self.assertEqual(counts, list(range(1, 21)))
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 20)
        self.assertEqual(len(logs.output), 1, logs.output)
        self.assertIn("Redis 阅读数缓冲 redis://127.0.0.1:1/1 不可用", logs.output[0])


@pytest.mark.redis
class RedisBackTest(ArticleMixin, TestCase):
    """A Redis of the test's own, frozen with SIGSTOP and thawed with what it held."""

    def test_views_pending_in_redis_are_written_once_it_answers(self):
        redis = ThrowawayRedis()
        self.addCleanup(redis.stop)
        buffer = RedisViewBuffer(redis.url(1), "dayuan-test", interval=0)
        self.addCleanup(buffer.close)
        for _ in range(3):
            buffer.hit(self.article.pk, counted=True)  # pending in Redis
        redis.pause()
        with self.assertLogs("pagecache.backends", "WARNING") as logs:
            # Times out, sent: the frozen Redis counts it when it wakes, so the database
            # must not count it too.
            buffer.hit(self.article.pk, counted=True)
            self.assertEqual(ArticleViewCount.count_for(self.article.pk), 0)
            buffer.hit(self.article.pk, counted=True)  # Redis left alone: the database
            self.assertEqual(ArticleViewCount.count_for(self.article.pk), 1)
            self.assertEqual(buffer.flush(), 0)
            redis.resume()
            time.sleep(Outage.retry_seconds + 0.1)
            buffer.hit(self.article.pk, counted=True)  # in Redis again
            self.assertEqual(buffer.flush(), 5)
        # Every view sent, once: 3 + 1 + 1 by way of Redis, 1 straight to the database.
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 6)
        self.assertEqual([line.split(":")[0] for line in logs.output], ["WARNING"] * 2)
        self.assertIn("不可用", logs.output[0])
        self.assertIn("已恢复", logs.output[1])
