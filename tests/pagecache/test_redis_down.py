"""Redis unreachable: the site still answers, views still count, one line is logged.

Before, a read of the page cache in the WSGI fast path raised outside Django, and every
reader, the admin included, got gunicorn's bare 500 page. The cache and the view buffer
here point at a port where nothing listens; everything else is the real thing: the
production WSGI entry point, the database, the admin login form, the captcha.
"""

import itertools
import time

from django.test import TestCase, override_settings

import pytest

from comments.models import Comment
from pagecache.backends import OUTAGE_SECONDS, Outage, RedisCache
from site_project.wsgi import application
from tests.support.accounts import is_signed_in, make_staff, post_login
from tests.support.comments import post_comment
from tests.support.factories import build_site, make_article
from tests.support.redis_server import ThrowawayRedis
from tests.support.wsgi import KeepTestTransactionMixin, call_wsgi
from viewcounts.buffers import reset_view_buffer
from viewcounts.models import ArticleViewCount

# Nothing listens on port 1: connections are refused at once.
NOWHERE = "redis://127.0.0.1:1"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
REDIS_DOWN = override_settings(
    CACHES={
        "default": {
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": f"{NOWHERE}/0",
            "KEY_PREFIX": "dayuan-test",
        },
        "near": {"BACKEND": "pagecache.backends.NearCache", "LOCATION": "default"},
    },
    DAYUAN_PAGE_CACHE_LOCAL_SECONDS=1,
    DAYUAN_VIEW_BUFFER="viewcounts.buffers.RedisViewBuffer",
    DAYUAN_VIEW_BUFFER_OPTIONS={"url": f"{NOWHERE}/1", "prefix": "dayuan-test", "interval": 0},
)
_readers = itertools.count(1)


def reader():
    return f"10.99.{next(_readers) >> 8 & 255}.{next(_readers) & 255}"


class RedisDownMixin:
    """The cache and the view buffer point at a dead Redis for the test (not its fixtures)."""

    def setUp(self):
        super().setUp()
        self.enterContext(REDIS_DOWN)
        reset_view_buffer()
        self.addCleanup(reset_view_buffer)


class RedisDownTest(RedisDownMixin, KeepTestTransactionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻", tags=["防控"])
        cls.article_path = cls.article.url  # Wagtail keeps the site's paths in the cache

    def get(self, path, **environ):
        # A WSGI path is the request's bytes as ISO-8859-1, as a server hands it over.
        wsgi_path = path.encode().decode("iso-8859-1")
        return call_wsgi(
            application, wsgi_path, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=reader(), **environ
        )

    def test_the_cache_really_is_unreachable(self):
        from django.core.cache import caches

        backend = caches["default"]
        self.assertIsInstance(backend, RedisCache)
        with self.assertRaises(Exception) as raised:
            backend._cache.get_client().ping()
        self.assertIn("ConnectionError", type(raised.exception).__name__)

    def test_reader_pages_answer_and_one_line_is_logged(self):
        paths = [
            "/",
            "/gsyl/",
            "/gsyl/xinzhou/",
            self.article_path,
            "/rss.xml",
            "/gsyl/xinzhou/rss.xml",
            "/sitemap.xml",
            "/robots.txt",
            "/tags/防控/",
        ]
        with self.assertLogs(level="WARNING") as logs:
            for round_ in range(3):
                for path in paths:
                    with self.subTest(path=path, round=round_):
                        status, headers, _body = self.get(path)
                        self.assertEqual(status, 200)
                        # Rendered the first time, then kept in this process's memory.
                        self.assertEqual(headers.get("X-Page-Cache"), "HIT" if round_ else None)
            status, _headers, body = self.get("/search/", QUERY_STRING="q=%E9%98%B2%E6%8E%A7")
            self.assertEqual(status, 200)
            self.assertIn("忻州新闻", body.decode())
        self.assertEqual(
            [record.name for record in logs.records], ["pagecache.backends"], logs.output
        )
        self.assertIn("Redis 缓存 redis://127.0.0.1:1/0 不可用", logs.output[0])

    def test_what_a_process_keeps_meanwhile_lasts_seconds_and_an_edit_shows_at_once(self):
        self.get(self.article_path)
        self.assertEqual(self.get(self.article_path)[1].get("X-Page-Cache"), "HIT")
        self.article.title = "Redis 停着时改的标题"
        self.article.save_revision().publish()
        status, headers, body = self.get(self.article_path)
        self.assertEqual((status, headers.get("X-Page-Cache")), (200, None))
        self.assertIn("Redis 停着时改的标题", body.decode())
        # Another process's change could not reach this one: what it keeps, it keeps
        # for OUTAGE_SECONDS at most.
        self.assertEqual(self.get(self.article_path)[1].get("X-Page-Cache"), "HIT")
        time.sleep(OUTAGE_SECONDS + 0.5)
        self.assertIsNone(self.get(self.article_path)[1].get("X-Page-Cache"))

    def test_views_are_written_straight_to_the_database(self):
        hits = f"/hits/{self.article.article_number}/"
        with self.assertLogs(level="WARNING") as logs:
            for expected in range(1, 31):
                status, _headers, body = self.get(hits, method="POST")
                self.assertEqual(status, 200)
                self.assertEqual(ArticleViewCount.count_for(self.article.pk), expected)
        self.assertEqual(body, b'{"count": 30, "counted": true}')
        # One line for the cache, one for the view buffer: not one per view.
        messages = [record.getMessage() for record in logs.records]
        self.assertEqual(len(messages), 2, messages)
        self.assertTrue(any("阅读数缓冲 redis://127.0.0.1:1/1 不可用" in m for m in messages))

    def test_admin_login_page_and_a_real_login(self):
        make_staff("xiaowang")
        status, _headers, body = self.get("/admin/login/")
        self.assertEqual(status, 200)
        self.assertIn("csrfmiddlewaretoken", body.decode())
        response = post_login(self.client, "xiaowang", "correct-horse-battery")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(is_signed_in(self.client))
        self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_comment_form_and_a_comment(self):
        status, _headers, _body = self.get(f"/comments/{self.article.article_number}/form/")
        self.assertEqual(status, 200)
        response = post_comment(self.client, self.article, "Redis 停了也能评论")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Comment.objects.get().text, "Redis 停了也能评论")


@pytest.mark.redis
class RedisBackTest(KeepTestTransactionMixin, TestCase):
    """Redis frozen while an editor publishes, then back with what it held.

    The purge made meanwhile never reached it: without care, the old page it still holds,
    under tokens nobody could change, would be served until it expired. A Redis of the
    test's own, frozen with SIGSTOP: the machine's shared one is never touched.
    """

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "发布前的标题")
        cls.article_path = cls.article.url

    def setUp(self):
        super().setUp()
        self.redis = ThrowawayRedis()
        self.addCleanup(self.redis.stop)
        cache = {
            "BACKEND": "pagecache.backends.RedisCache",
            "LOCATION": self.redis.url(),
            "KEY_PREFIX": "dayuan-test",
        }
        near = {"BACKEND": "pagecache.backends.NearCache", "LOCATION": "default"}
        self.enterContext(override_settings(CACHES={"default": cache, "near": near}))

    def get(self, path):
        return call_wsgi(application, path, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=reader())

    def test_a_page_purged_while_redis_was_away_is_not_served_stale(self):
        self.get(self.article_path)
        status, headers, body = self.get(self.article_path)
        self.assertEqual((status, headers.get("X-Page-Cache")), (200, "HIT"))

        self.redis.pause()
        with self.assertLogs("pagecache.backends", "WARNING") as logs:
            self.article.title = "发布后的标题"
            self.article.save_revision().publish()
            status, headers, body = self.get(self.article_path)
            self.assertEqual(status, 200)
            self.assertIn("发布后的标题", body.decode())
            self.redis.resume()
            time.sleep(Outage.retry_seconds + 0.1)
            status, headers, body = self.get(self.article_path)
        self.assertEqual(status, 200)
        self.assertNotIn("发布前的标题", body.decode())
        self.assertIn("发布后的标题", body.decode())
        self.assertEqual(len(logs.records), 2, logs.output)
        self.assertIn("不可用", logs.output[0])
        self.assertIn("已恢复", logs.output[1])
        # Served from the cache again once stored afresh.
        self.assertEqual(self.get(self.article_path)[1].get("X-Page-Cache"), "HIT")
