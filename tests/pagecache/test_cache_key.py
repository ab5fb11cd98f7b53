"""What a reader sends cannot skip the page cache or multiply its entries.

Unknown query parameters and cookies are ignored by the cache key; only a signed editor
cookie, set at login and bound to its session, skips the cache. The Django middleware and
the WSGI fast path agree on both.
"""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.test import TestCase, override_settings

from pagecache.editors import EDITOR_COOKIE, editor_marker
from pagecache.pages import cache_query
from pagecache.wsgi import PageCacheWSGIApplication
from tests.support.editors import log_in, make_editor
from tests.support.factories import build_site, make_article, make_articles
from tests.support.wsgi import KeepTestTransactionMixin, call_wsgi

HIT = "X-Page-Cache"
USERBAR = b"<wagtail-userbar"


class CacheKeyTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        make_articles(cls.tree.xinzhou, 25, prefix="忻州旧闻")

    def fetch(self, address, **kwargs):
        response = self.client.get(address, **kwargs)
        self.assertEqual(response.status_code, 200)
        return response, response.headers.get(HIT) == "HIT"

    def test_a_random_query_parameter_is_the_same_entry(self):
        self.fetch(self.article.url)
        for number in range(5):
            with self.subTest(number=number):
                self.assertTrue(self.fetch(f"{self.article.url}?cb={number}")[1])

    def test_a_random_query_parameter_stores_nothing_new(self):
        # Rendered and stored under the plain address: the next plain request is a hit.
        self.assertFalse(self.fetch(f"{self.article.url}?cb=first")[1])
        self.assertTrue(self.fetch(self.article.url)[1])

    def test_the_page_parameter_still_tells_listing_pages_apart(self):
        first, _hit = self.fetch("/gsyl/xinzhou/?page=1&cb=1")
        second, hit = self.fetch("/gsyl/xinzhou/?cb=1&page=2")
        self.assertFalse(hit)
        self.assertNotEqual(first.content, second.content)
        self.assertTrue(self.fetch("/gsyl/xinzhou/?page=2&utm_source=x")[1])

    def test_the_key_keeps_the_last_value_as_the_view_reads_it(self):
        self.assertEqual(cache_query("page=3&page=2"), cache_query("page=2"))
        self.assertEqual(cache_query("cb=1&page=2&x=%E4%B8%AD"), "page=2")
        self.assertEqual(cache_query("cb=1"), "")
        # Garbage is a key like any other, never an error.
        self.assertEqual(cache_query("page=%FF&%%%=1"), "page=%EF%BF%BD")

    def test_a_forged_session_cookie_is_served_from_the_cache(self):
        self.fetch(self.article.url)
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "x"
        self.assertTrue(self.fetch(self.article.url)[1])

    def test_a_forged_or_borrowed_editor_cookie_is_served_from_the_cache(self):
        self.fetch(self.article.url)
        other_session = SessionStore()
        other_session.create()
        for session, marker in [
            ("x", "forged"),
            ("x", editor_marker("y")),  # genuine, issued for another session
            ("x", editor_marker("x").replace(":", ":0", 1)),  # tampered
        ]:
            with self.subTest(marker=marker):
                self.client.cookies[settings.SESSION_COOKIE_NAME] = session
                self.client.cookies[EDITOR_COOKIE] = marker
                self.assertTrue(self.fetch(self.article.url)[1])

    def test_a_forged_session_cookie_cannot_keep_a_page_out_of_the_cache(self):
        self.client.cookies[settings.SESSION_COOKIE_NAME] = "x"
        self.fetch(self.article.url)
        self.assertTrue(self.fetch(self.article.url)[1])


class EditorTest(TestCase):
    """Logged-in editors see uncached pages with the Wagtail userbar; readers never do."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.editor = make_editor()

    def log_in(self):
        response = log_in(self.client, self.editor)
        self.assertEqual(response.status_code, 302)
        return response

    def fetch(self, client=None):
        response = (client or self.client).get(self.article.url)
        self.assertEqual(response.status_code, 200)
        return response, response.headers.get(HIT) == "HIT"

    def test_login_sets_the_marker_and_logout_removes_it(self):
        response = self.log_in()
        self.assertIn(EDITOR_COOKIE, response.cookies)
        marker = response.cookies[EDITOR_COOKIE]
        self.assertTrue(marker["httponly"])
        self.assertEqual(marker["max-age"], settings.SESSION_COOKIE_AGE)
        response = self.client.post("/admin/logout/")
        self.assertEqual(response.cookies[EDITOR_COOKIE]["max-age"], 0)

    def test_a_logged_in_editor_skips_the_cache_and_sees_the_userbar(self):
        self.fetch(self.client_class())
        self.assertTrue(self.fetch(self.client_class())[1])
        self.log_in()
        for _ in range(2):
            response, hit = self.fetch()
            self.assertFalse(hit)
            self.assertIn(USERBAR, response.content)

    def test_an_editors_page_is_never_stored_for_readers(self):
        self.log_in()
        self.fetch()
        reader = self.client_class()
        response, hit = self.fetch(reader)
        self.assertFalse(hit)
        self.assertNotIn(USERBAR, response.content)

    def test_an_editor_logged_in_before_the_marker_existed_gets_one(self):
        # force_login saves a session without going through a response: no marker yet.
        self.client.force_login(self.editor)
        response, hit = self.fetch()
        self.assertFalse(hit)
        self.assertIn(USERBAR, response.content)
        self.assertIn(EDITOR_COOKIE, response.cookies)
        self.assertFalse(self.fetch()[1])

    def test_a_marker_outliving_its_session_is_removed(self):
        self.log_in()
        self.client.session.flush()  # the session ends on the server (idle expiry)
        response, _hit = self.fetch()
        self.assertEqual(response.cookies[EDITOR_COOKIE]["max-age"], 0)
        self.assertNotIn(USERBAR, response.content)


class FastPathAgreementTest(KeepTestTransactionMixin, TestCase):
    """Gunicorn's entry point and the middleware use one key and one editor check."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.editor = make_editor()

    def call(self, path, query="", cookie="", **environ):
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        return call_wsgi(
            PageCacheWSGIApplication(WSGIHandler()), path, QUERY_STRING=query, **environ
        )

    def test_a_page_stored_by_django_is_a_fast_path_hit_whatever_the_query(self):
        self.client.get(f"{self.article.url}?page=2&cb=1")
        status, headers, _body = self.call(self.article.url, query="cb=2&page=2")
        self.assertEqual((status, headers.get(HIT)), (200, "HIT"))
        self.assertNotEqual(self.client.get(self.article.url).headers.get(HIT), "HIT")

    def test_a_forged_session_cookie_is_a_hit(self):
        self.call(self.article.url)
        status, headers, _body = self.call(self.article.url, cookie="sessionid=abc")
        self.assertEqual(headers.get(HIT), "HIT")

    def test_a_logged_in_editor_goes_past_the_fast_path(self):
        self.call(self.article.url)
        log_in(self.client, self.editor)
        cookie = "; ".join(
            f"{name}={self.client.cookies[name].value}"
            for name in (settings.SESSION_COOKIE_NAME, EDITOR_COOKIE)
        )
        status, headers, body = self.call(self.article.url, cookie=cookie)
        self.assertEqual(status, 200)
        self.assertNotIn(HIT, headers)
        self.assertIn(USERBAR, body)

    @override_settings(
        SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
        SECURE_HSTS_SECONDS=3600,
        SECURE_REFERRER_POLICY="strict-origin-when-cross-origin",
    )
    def test_a_hit_carries_every_security_header_of_the_rendered_page(self):
        https = {"HTTP_X_FORWARDED_PROTO": "https"}
        _status, rendered, _body = self.call(self.article.url, **https)
        self.assertNotIn(HIT, rendered)
        _status, hit, _body = self.call(self.article.url, **https)
        self.assertEqual(hit.get(HIT), "HIT")
        for name in [
            "Strict-Transport-Security",
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
            "X-Frame-Options",
        ]:
            with self.subTest(header=name):
                self.assertIn(name, rendered)
                self.assertEqual(hit[name], rendered[name])
