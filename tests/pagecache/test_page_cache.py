"""The full-page cache: what is cached, what never is, and invalidation on change."""

import time

from django.conf import settings
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.test import TestCase, override_settings

from wagtail.models import PageViewRestriction, Site

from home.models import SiteSettings
from news.models import SectionPage
from pagecache.pages import GENERATION_KEY
from pagecache.wsgi import PageCacheWSGIApplication
from tests.support.editors import log_in, make_editor
from tests.support.factories import build_site, make_article
from tests.support.wsgi import KeepTestTransactionMixin, call_wsgi

HIT = "X-Page-Cache"


class PageCacheTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻原标题", tags=["防控", "民生"])
        cls.older = make_article(cls.tree.xinzhou, "忻州旧闻", minutes_ago=60)
        cls.society = make_article(cls.tree.shehui, "社会新闻", tags=["交通"])

    def fetch(self, address, **kwargs):
        response = self.client.get(address, **kwargs)
        return response, response.headers.get(HIT) == "HIT"

    def assert_cached(self, address):
        self.fetch(address)
        response, hit = self.fetch(address)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(hit, f"{address} was not served from the cache")
        return response

    def test_reader_pages_are_cached_with_cdn_headers(self):
        for address in [
            "/",
            "/gsyl/",
            self.article.url,
            "/tags/防控/",
            "/rss.xml",
            "/gsyl/xinzhou/rss.xml",
            "/sitemap.xml",
        ]:
            with self.subTest(address=address):
                response = self.assert_cached(address)
                self.assertIn("s-maxage=", response["Cache-Control"])
                self.assertIn("public", response["Cache-Control"])

    def test_cached_page_keeps_security_headers(self):
        response = self.assert_cached(self.article.url)
        self.assertIn("Content-Security-Policy", response.headers)
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_query_string_variants_are_separate_entries(self):
        self.assert_cached("/gsyl/?page=2")
        response, hit = self.fetch("/gsyl/?page=3")
        self.assertFalse(hit)

    def test_search_hits_admin_and_posts_are_never_cached(self):
        for address in ["/search/?q=忻州", "/admin/login/"]:
            with self.subTest(address=address):
                self.fetch(address)
                self.assertFalse(self.fetch(address)[1])
        self.client.post(f"/hits/{self.article.article_number}/")
        response = self.client.post(f"/hits/{self.article.article_number}/")
        self.assertNotIn(HIT, response.headers)

    def test_logged_in_editors_never_get_or_fill_the_cache(self):
        log_in(self.client, make_editor())
        self.fetch(self.article.url)
        response, hit = self.fetch(self.article.url)
        self.assertFalse(hit)
        self.client.logout()
        self.client.cookies.clear()
        response, hit = self.fetch(self.article.url)
        self.assertFalse(hit, "an editor's response was stored for readers")

    def test_preview_is_never_cached(self):
        draft = self.article.get_latest_revision_as_object()
        draft.title = "预览中的未发布标题"
        draft.save_revision()
        draft.make_preview_request()
        response, _hit = self.fetch(self.article.url)
        self.assertNotContains(response, "预览中的未发布标题")
        response, hit = self.fetch(self.article.url)
        self.assertTrue(hit)
        self.assertNotContains(response, "预览中的未发布标题")

    def test_saving_a_draft_changes_nothing_for_readers(self):
        self.assert_cached(self.article.url)
        draft = self.article.get_latest_revision_as_object()
        draft.title = "草稿标题"
        draft.save_revision()
        response, hit = self.fetch(self.article.url)
        self.assertTrue(hit)
        self.assertContains(response, "忻州新闻原标题")

    def test_publishing_refreshes_every_page_that_shows_the_article(self):
        affected = [
            self.article.url,
            "/",
            "/gsyl/",
            "/gsyl/xinzhou/",
            "/gsyl/xinzhou/rss.xml",
            "/rss.xml",
            "/tags/防控/",
            self.older.url,
        ]
        unrelated = [self.society.url, "/shehui/", "/tags/交通/"]
        for address in affected + unrelated:
            self.assert_cached(address)

        revision = self.article.get_latest_revision_as_object()
        revision.title = "忻州新闻新标题"
        revision.save_revision().publish()

        for address in affected:
            with self.subTest(address=address):
                response, hit = self.fetch(address)
                self.assertFalse(hit)
                self.assertContains(response, "忻州新闻新标题")
                self.assertNotContains(response, "忻州新闻原标题")
        for address in unrelated:
            with self.subTest(address=address):
                self.assertTrue(self.fetch(address)[1], f"{address} was purged needlessly")

    def test_removing_a_tag_refreshes_the_old_tag_page(self):
        self.assert_cached("/tags/民生/")
        revision = self.article.get_latest_revision_as_object()
        revision.tags.set(["防控"])
        revision.save_revision().publish()
        response, hit = self.fetch("/tags/民生/")
        self.assertFalse(hit)
        self.assertNotContains(response, "忻州新闻原标题")

    def test_unpublishing_removes_the_page_at_once(self):
        self.assert_cached(self.article.url)
        self.assert_cached("/gsyl/xinzhou/")
        self.article.unpublish()
        self.assertEqual(self.client.get(self.article.url).status_code, 404)
        self.assertNotContains(self.client.get("/gsyl/xinzhou/"), "忻州新闻原标题")

    def test_deleting_an_article_refreshes_its_section(self):
        self.assert_cached("/gsyl/xinzhou/")
        self.article.delete()
        response, hit = self.fetch("/gsyl/xinzhou/")
        self.assertFalse(hit)
        self.assertNotContains(response, "忻州新闻原标题")

    def test_moving_an_article_refreshes_old_and_new_places(self):
        self.assert_cached(self.article.url)
        self.assert_cached("/gsyl/taiyuan/")
        old_address = self.article.url
        self.article.move(SectionPage.objects.get(pk=self.tree.taiyuan.pk), pos="last-child")
        self.article.refresh_from_db()
        self.assertContains(self.client.get("/gsyl/taiyuan/"), "忻州新闻原标题")
        response = self.client.get(old_address)
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.article.url)

    def test_site_settings_change_refreshes_everything(self):
        self.assert_cached("/")
        self.assert_cached(self.society.url)
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.about_text = "新的关于文字"
        site_settings.save()
        for address in ["/", self.society.url]:
            response, hit = self.fetch(address)
            self.assertFalse(hit)
            self.assertContains(response, "新的关于文字")

    def test_private_section_is_not_served_from_cache(self):
        self.assert_cached(self.article.url)
        PageViewRestriction.objects.create(
            page=self.tree.xinzhou, restriction_type=PageViewRestriction.LOGIN
        )
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/_util/login/", response["Location"])

    def test_responses_that_set_cookies_are_not_stored(self):
        from pagecache.pages import lookup

        self.client.get("/admin/login/")  # sets the CSRF cookie on a non-cacheable page
        entry, _tokens = lookup("http", "testserver", "/admin/login/", "")
        self.assertIsNone(entry)


NEAR_CACHE = {
    **settings.CACHES,
    "near": {"BACKEND": "pagecache.backends.NearCache", "LOCATION": "default"},
}


@override_settings(CACHES=NEAR_CACHE, DAYUAN_PAGE_CACHE_LOCAL_SECONDS=0.5)
class NearCacheTest(TestCase):
    """With a shared cache, each worker keeps what it read for a moment."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻原标题")

    def setUp(self):
        self.shared = caches["default"]
        self.addCleanup(caches["near"].forget_local_copies)

    def fetch(self, address):
        response = self.client.get(address)
        return response, response.headers.get(HIT) == "HIT"

    def cache_page(self, address):
        # A fresh test site's first render is not always stored; what is tested here
        # starts once the page is a hit.
        hits = [self.fetch(address)[1] for _ in range(3)]
        self.assertTrue(hits[-1], f"{address} was never served from the cache")

    def test_a_hit_is_kept_in_the_worker_until_it_expires(self):
        self.cache_page("/")
        self.shared.clear()  # the shared cache loses the page; this worker still has it
        self.assertTrue(self.fetch("/")[1])
        time.sleep(0.55)
        self.assertFalse(self.fetch("/")[1])

    def test_another_workers_publish_is_seen_when_the_copy_expires(self):
        self.cache_page(self.article.url)
        # Another worker purges the shared cache: what this one kept is its own.
        self.shared.set(GENERATION_KEY, "published-elsewhere", None)
        self.assertTrue(self.fetch(self.article.url)[1])
        time.sleep(0.55)
        self.assertFalse(self.fetch(self.article.url)[1])

    def test_publishing_in_this_worker_is_seen_at_once(self):
        for address in ("/", self.article.url, "/gsyl/xinzhou/"):
            self.cache_page(address)
        revision = self.article.get_latest_revision_as_object()
        revision.title = "忻州新闻新标题"
        revision.save_revision().publish()
        for address in ("/", self.article.url, "/gsyl/xinzhou/"):
            with self.subTest(address=address):
                response, hit = self.fetch(address)
                self.assertFalse(hit)
                self.assertContains(response, "忻州新闻新标题")

    def test_copies_are_bounded(self):
        near = caches["near"]
        for number in range(near.max_entries + 20):
            near.set(f"dayuan:test:{number}", number)
        self.assertLessEqual(len(near._copies), near.max_entries)
        self.shared.clear()
        self.assertEqual(near.get(f"dayuan:test:{near.max_entries + 19}"), near.max_entries + 19)
        self.assertIsNone(near.get("dayuan:test:0"))

    def test_each_read_gets_its_own_copy(self):
        near = caches["near"]
        near.set("dayuan:test:sections", {"sections": ["各市要闻"]})
        mine = near.get("dayuan:test:sections")
        mine["sections"].append("改动")
        self.assertEqual(near.get("dayuan:test:sections"), {"sections": ["各市要闻"]})

    def test_without_local_seconds_it_keeps_nothing(self):
        near = caches["near"]
        with override_settings(DAYUAN_PAGE_CACHE_LOCAL_SECONDS=0):
            near.set("dayuan:test:kept", "值")
            self.shared.clear()
            self.assertIsNone(near.get("dayuan:test:kept"))


class WSGIFastPathTest(KeepTestTransactionMixin, TestCase):
    """Gunicorn's entry point answers hits without building a Django request."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def call(self, path, method="GET", cookie=""):
        extra = {"HTTP_COOKIE": cookie} if cookie else {}
        return call_wsgi(PageCacheWSGIApplication(WSGIHandler()), path, method, **extra)

    def test_second_request_is_a_hit_with_the_same_body(self):
        path = self.article.url.encode("utf-8").decode("iso-8859-1")
        status, headers, first = self.call(path)
        self.assertEqual(status, 200)
        self.call(path)
        status, headers, body = self.call(path)
        self.assertEqual(headers.get(HIT), "HIT")
        self.assertEqual(body, first)
        self.assertIn("Content-Security-Policy", headers)

    def test_chinese_path_and_head_requests(self):
        path = "/tags/防控/".encode().decode("iso-8859-1")
        make_article(self.tree.xinzhou, "带标签", tags=["防控"])
        self.call(path)
        self.call(path)
        status, headers, body = self.call(path, method="HEAD")
        self.assertEqual(headers.get(HIT), "HIT")
        self.assertEqual(body, b"")
