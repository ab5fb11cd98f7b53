"""Per-address limits on what costs work: 429 with Retry-After and a short Chinese answer.

DAYUAN_RATE_LIMITS names the limits; throttle's middleware applies them to Django's views
and the `/hits/` WSGI fast path applies the same rule before Django builds a request.
"""

import json

from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, TestCase, override_settings

from tests.support.comments import FETCH, REFRESH, captcha_refresh_url, form_url
from tests.support.factories import build_site, make_article
from tests.support.wsgi import KeepTestTransactionMixin, call_wsgi
from viewcounts.wsgi import ViewCountWSGIApplication

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
SMALL = {
    "hits": (r"/hits/", [(3, 60)]),
    "comments": (r"/comments/\d+/", [(2, 60), (3, 3600)]),
    "captcha": (r"/captcha/", [(2, 60)]),
    "search": (r"/search/", [(2, 60)]),
}


@override_settings(DAYUAN_RATE_LIMITS=SMALL, DAYUAN_PAGE_CACHE_ENABLED=False)
class RateLimitTest(KeepTestTransactionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.hits = f"/hits/{cls.article.article_number}/"

    def assert_refused(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response["Cache-Control"], "no-store")
        wait = int(response["Retry-After"])
        self.assertTrue(1 <= wait <= 3600, wait)
        self.assertEqual(response.content.decode(), f"请求过于频繁,请 {wait} 秒后再试。\n")
        # Refused after the security middleware: the answer carries its headers.
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("Content-Security-Policy", response)

    def test_search(self):
        reader = Client(REMOTE_ADDR="203.0.113.1")
        for _ in range(2):
            self.assertEqual(reader.get("/search/", {"q": "忻州"}).status_code, 200)
        self.assert_refused(reader.get("/search/", {"q": "忻州"}))
        self.assertEqual(Client(REMOTE_ADDR="203.0.113.2").get("/search/").status_code, 200)

    def test_comment_form_page_and_posts_share_one_limit(self):
        reader = Client(REMOTE_ADDR="203.0.113.3")
        self.assertEqual(reader.get(form_url(self.article), headers=FETCH).status_code, 200)
        self.assertEqual(reader.get(f"/comments/{self.article.article_number}/").status_code, 200)
        self.assert_refused(reader.get(form_url(self.article), headers=FETCH))
        self.assert_refused(reader.post(f"/comments/{self.article.article_number}/post/"))

    def test_the_longer_window_holds_after_the_shorter_one(self):
        with override_settings(
            DAYUAN_RATE_LIMITS={**SMALL, "comments": (r"/comments/\d+/", [(100, 60), (3, 3600)])}
        ):
            reader = Client(REMOTE_ADDR="203.0.113.4")
            statuses = [reader.get(form_url(self.article)).status_code for _ in range(4)]
            self.assertEqual(statuses, [200, 200, 200, 429])
            self.assertGreater(int(reader.get(form_url(self.article))["Retry-After"]), 60)

    def test_captcha_refresh(self):
        reader = Client(REMOTE_ADDR="203.0.113.5")
        for _ in range(2):
            self.assertEqual(reader.get(captcha_refresh_url(), headers=REFRESH).status_code, 200)
        self.assert_refused(reader.get(captcha_refresh_url(), headers=REFRESH))

    def test_hits_through_django(self):
        reader = Client(REMOTE_ADDR="203.0.113.6")
        for _ in range(3):
            self.assertEqual(reader.post(self.hits).status_code, 200)
        self.assert_refused(reader.post(self.hits))

    def test_hits_through_the_fast_path(self):
        application = ViewCountWSGIApplication(WSGIHandler())

        def hit(address):
            return call_wsgi(
                application, self.hits, "POST", REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER
            )

        for _ in range(3):
            status, headers, body = hit("203.0.113.7")
            self.assertEqual(status, 200)
            self.assertNotIn("Vary", headers)  # the fast path answered, not Django
        status, headers, body = hit("203.0.113.7")
        self.assertEqual(status, 429)
        self.assertEqual(body.decode(), f"请求过于频繁,请 {headers['Retry-After']} 秒后再试。\n")
        self.assertEqual(
            headers["Content-Security-Policy"], "default-src 'none'; frame-ancestors 'none'"
        )
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        self.assertEqual(json.loads(hit("203.0.113.8")[2])["count"], 2)

    def test_a_request_the_fast_path_hands_to_django_is_counted_once(self):
        application = ViewCountWSGIApplication(WSGIHandler())
        # Unknown article: counted by the fast path, answered 404 by Django.
        for _ in range(3):
            status, _headers, _body = call_wsgi(
                application, "/hits/987654/", "POST", REMOTE_ADDR="203.0.113.9"
            )
            self.assertEqual(status, 404)
        status, _headers, _body = call_wsgi(
            application, "/hits/987654/", "POST", REMOTE_ADDR="203.0.113.9"
        )
        self.assertEqual(status, 429)

    @override_settings(DAYUAN_CLIENT_IP_HEADER="X-Forwarded-For")
    def test_a_forged_forwarded_for_is_the_same_client(self):
        statuses = [
            Client(
                REMOTE_ADDR="10.0.0.1", headers={"x-forwarded-for": f"198.51.100.{n}, 192.0.2.9"}
            )
            .get("/search/")
            .status_code
            for n in range(3)
        ]
        self.assertEqual(statuses, [200, 200, 429])

    def test_pages_and_the_admin_are_not_limited(self):
        reader = Client(REMOTE_ADDR="203.0.113.10")
        for _ in range(5):
            self.assertEqual(reader.get(self.article.url).status_code, 200)
            self.assertEqual(reader.get("/admin/login/").status_code, 200)

    @override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)
    def test_limits_can_be_turned_off(self):
        reader = Client(REMOTE_ADDR="203.0.113.11")
        self.assertEqual({reader.get("/search/").status_code for _ in range(5)}, {200})


class DefaultLimitsTest(TestCase):
    """The shipped limits: generous for a reader, far below a script's rate."""

    def test_every_scope_is_limited_by_the_minute(self):
        from django.conf import settings

        self.assertEqual(
            set(settings.DAYUAN_RATE_LIMITS),
            {"hits", "comments", "captcha_audio", "captcha", "suggest", "search"},
        )
        for scope, (_pattern, windows) in settings.DAYUAN_RATE_LIMITS.items():
            with self.subTest(scope=scope):
                per_minute = [limit for limit, window in windows if window == 60]
                self.assertTrue(per_minute and 10 <= per_minute[0] <= 300, windows)
