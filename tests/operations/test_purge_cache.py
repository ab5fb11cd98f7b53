"""`manage.py purge_cache`: this site's cached pages, content and fragments go; the front
cache is asked to forget every address of the site; counters, the view buffer and other
sites' keys stay."""

import io

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import CommandError, call_command
from django.test import TestCase

from wagtail.models import Page

import pytest

from pagecache.backends import RedisCache
from tests.support.factories import build_site, make_article
from tests.support.front_cache import FrontCache
from viewcounts.buffers import flush_views, view_buffer
from viewcounts.models import ArticleViewCount

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def purge_cache():
    out, err = io.StringIO(), io.StringIO()
    call_command("purge_cache", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


class SiteMixin:
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.articles = [
            make_article(cls.tree.xinzhou, f"忻州新闻{number}", tags=["防控"], minutes_ago=number)
            for number in range(3)
        ]
        cls.society = make_article(cls.tree.shehui, "社会新闻", tags=["交通 安全"])
        cls.draft = make_article(cls.tree.shehui, "草稿", publish=False)


class PurgeApplicationCacheTest(SiteMixin, TestCase):
    def fetch(self, path):
        return self.client.get(path, headers={"user-agent": BROWSER})

    def test_cached_pages_are_rendered_afresh_afterwards(self):
        paths = ["/", "/gsyl/xinzhou/", self.articles[0].url, "/rss.xml", "/tags/防控/"]
        for path in paths:
            self.fetch(path)
            self.assertEqual(self.fetch(path).get("X-Page-Cache"), "HIT", path)
        output = purge_cache()
        for path in paths:
            with self.subTest(path=path):
                response = self.fetch(path)
                self.assertEqual(response.status_code, 200)
                self.assertIsNone(response.get("X-Page-Cache"))
        self.assertIn("前端缓存:未配置(FRONTEND_CACHE_URL),跳过。", output)
        if isinstance(caches["default"], LocMemCache):
            # Each process's own memory: the command cannot reach a server's. Said, not hidden.
            self.assertIn("请重启应用服务器", output)
        else:
            self.assertIn("应用缓存:删除本站", output)


class PurgeFrontCacheTest(SiteMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.front = FrontCache()
        self.addCleanup(self.front.close)

    def test_every_address_of_the_site_is_purged(self):
        with self.settings(WAGTAILFRONTENDCACHE=self.front.settings):
            output = purge_cache()
        purged = self.front.purged()
        routable = (page.specific.get_url_parts() for page in Page.objects.live())
        live_pages = {parts[2] for parts in routable if parts}  # the tree's root has none
        self.assertEqual(len(live_pages), 9)
        self.assertIn(self.articles[0].url, live_pages)
        self.assertLessEqual(live_pages, purged)
        self.assertNotIn(self.draft.url, purged)
        for path in [
            "/",
            "/rss.xml",
            "/sitemap.xml",
            "/robots.txt",
            "/gsyl/rss.xml",
            "/gsyl/xinzhou/rss.xml",
            "/shehui/rss.xml",
            "/tags/防控/",
            "/tags/交通 安全/",
        ]:
            self.assertIn(path, purged)
        self.assertEqual({host for host, _path in self.front.requests}, {"localhost"})
        self.assertIn(f"发出 {len(self.front.requests)} 个清除请求,错误 0 条", output)

    def test_a_purge_the_front_cache_refused_is_an_error(self):
        self.front.close()
        self.front = FrontCache(statuses={"/.purge/rss.xml?": 500})
        with (
            self.settings(WAGTAILFRONTENDCACHE=self.front.settings),
            self.assertLogs("pagecache.frontend", "ERROR"),
            self.assertRaisesMessage(CommandError, "前端缓存没有全部清除"),
        ):
            purge_cache()
        self.assertIn("/rss.xml", self.front.purged())
        # One connection for the whole batch, as nginx keeps it alive.
        self.assertEqual(len(self.front.connections), 1)

    def test_an_unreachable_front_cache_is_one_error_not_one_per_address(self):
        location = self.front.settings
        self.front.close()  # nothing listens there any more
        with (
            self.settings(WAGTAILFRONTENDCACHE=location),
            self.assertLogs("pagecache.frontend", "ERROR") as logs,
            self.assertRaisesMessage(CommandError, "前端缓存没有全部清除"),
        ):
            purge_cache()
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertRegex(logs.output[0], r"Couldn't purge 1\d addresses from the front cache")


@pytest.mark.redis
class PurgeRedisTest(SiteMixin, TestCase):
    """Only this site's cached content: never another site's keys in the same Redis,
    never counters or rate limits, never the view buffer (a Redis database of its own)."""

    def test_only_this_sites_cached_content_goes(self):
        backend = caches["default"]
        self.assertIsInstance(backend, RedisCache)
        client = backend._cache.get_client(write=True)
        other_site = RedisCache(settings.REDIS_URL, {"KEY_PREFIX": "another-site"})
        other_site.set("dayuan:pc:e:page", "another site's page")
        other_site.set("template.cache.site-nav.x", "another site's fragment")
        self.addCleanup(other_site.delete_many, ["dayuan:pc:e:page", "template.cache.site-nav.x"])

        article = self.articles[0]
        for path in ["/", "/gsyl/xinzhou/", article.url, "/tags/防控/"]:
            self.client.get(path, headers={"user-agent": BROWSER})
        response = self.client.post(
            f"/hits/{article.article_number}/", headers={"user-agent": BROWSER}
        )
        self.assertEqual(response.json()["counted"], True)

        def ours(pattern):
            return {key.decode() for key in client.scan_iter(match=backend.make_key(pattern))}

        for pattern in ["dayuan:pc:e:*", "dayuan:content:*", "template.cache.*"]:
            self.assertTrue(ours(pattern), pattern)
        counters = ours("dayuan:views:seen:*") | ours("dayuan:throttle:*")
        self.assertTrue(counters)

        output = purge_cache()

        for pattern in ["dayuan:pc:e:*", "dayuan:pc:v:*", "dayuan:content:*", "template.cache.*"]:
            self.assertEqual(ours(pattern), set(), pattern)
        self.assertEqual(ours("dayuan:views:seen:*") | ours("dayuan:throttle:*"), counters)
        self.assertEqual(other_site.get("dayuan:pc:e:page"), "another site's page")
        self.assertEqual(other_site.get("template.cache.site-nav.x"), "another site's fragment")
        self.assertRegex(output, r"删除本站\(前缀 dayuan[^)]*\)的页面、内容和模板片段 \d+ 个键")
        # The view waiting in the buffer was not dropped.
        self.assertIsNotNone(view_buffer())
        flush_views()
        self.assertEqual(ArticleViewCount.count_for(article.pk), 1)
