"""The `/hits/` fast path answers with the headers Django's middleware would have added.

It answers before any middleware runs; without care a hit went out over plain HTTP with no
security headers. Each answer is compared with Django's own answer to the same request.
"""

import json

from django.core.handlers.wsgi import WSGIHandler
from django.test import TestCase, override_settings

from tests.support.wsgi import KeepTestTransactionMixin
from tests.viewcounts.test_view_counts import OneArticleMixin, post_hit, reader_address, stored
from viewcounts.buffers import flush_views
from viewcounts.wsgi import ViewCountWSGIApplication

SECURITY_HEADERS = [
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Resource-Policy",
    "Permissions-Policy",
    "X-Frame-Options",
]
PRODUCTION_LIKE = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    "X_FRAME_OPTIONS": "DENY",
}


class HitsHeadersTest(OneArticleMixin, KeepTestTransactionMixin, TestCase):
    def answers(self, **environ):
        """(fast path answer, Django's answer) to the same anonymous view, by two readers."""
        fast = post_hit(ViewCountWSGIApplication(WSGIHandler()), self.address, **environ)
        django = post_hit(WSGIHandler(), self.address, **environ)
        self.assertEqual(fast[0], 200)
        self.assertEqual(django[0], 200)
        self.assertNotIn("Vary", fast[1])  # the fast path did answer
        return fast[1], django[1]

    def test_the_same_security_headers_as_django(self):
        fast, django = self.answers()
        for name in SECURITY_HEADERS:
            with self.subTest(header=name):
                self.assertIn(name, django)
                self.assertEqual(fast.get(name), django[name])
        self.assertEqual(
            fast["Content-Security-Policy"], "default-src 'none'; frame-ancestors 'none'"
        )
        self.assertEqual(fast["X-Content-Type-Options"], "nosniff")
        self.assertEqual(fast["Cross-Origin-Resource-Policy"], "same-origin")
        self.assertNotIn("Strict-Transport-Security", fast)  # plain HTTP: none, as Django

    def test_header_names_and_values_are_plain_strings(self):
        # wsgiref (runserver, `make run`) refuses anything but exact str: Django's CSP
        # header name is a str enum, which gunicorn let through and runserver answered 500.
        fast, _django = self.answers()
        self.assertEqual(
            [(name, type(name), type(value)) for name, value in fast.items()],
            [(name, str, str) for name in fast],
        )

    @override_settings(**PRODUCTION_LIKE)
    def test_behind_a_tls_proxy_hsts_too(self):
        fast, django = self.answers(HTTP_X_FORWARDED_PROTO="https")
        for name in [*SECURITY_HEADERS, "Strict-Transport-Security"]:
            with self.subTest(header=name):
                self.assertIn(name, django)
                self.assertEqual(fast.get(name), django[name])
        self.assertEqual(
            fast["Strict-Transport-Security"], "max-age=31536000; includeSubDomains; preload"
        )
        self.assertEqual(fast["Referrer-Policy"], "strict-origin-when-cross-origin")

    @override_settings(**PRODUCTION_LIKE, SECURE_SSL_REDIRECT=True)
    def test_plain_http_is_redirected_and_not_counted(self):
        application = ViewCountWSGIApplication(WSGIHandler())
        status, headers, _body = post_hit(application, self.address, HTTP_X_FORWARDED_PROTO="http")
        self.assertEqual(status, 301)
        self.assertTrue(headers["Location"].startswith("https://"))
        status, _headers, body = post_hit(
            application, self.address, HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR=reader_address()
        )
        self.assertEqual((status, json.loads(body)["count"]), (200, 1))
        flush_views()
        self.assertEqual(stored(self.article), (1, 1))
