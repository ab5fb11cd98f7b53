"""One log line per request, from the outermost WSGI wrapper, whoever answered."""

import json
import re

from django.test import TestCase, override_settings

from operations.logs import JSONFormatter
from site_project.wsgi import application
from tests.operations.logs import json_lines
from tests.support.factories import build_site, make_article
from tests.support.wsgi import KeepTestTransactionMixin, serve_wsgi

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
FIELDS = {
    "time",
    "level",
    "logger",
    "message",
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "cache",
    "client",
}


class RequestLogTest(KeepTestTransactionMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(build_site().xinzhou, "忻州新闻")
        cls.article_path = cls.article.url

    def logged(self, path, **environ):
        """(status, the request's log line as JSON); exactly one line per request."""
        environ.setdefault("HTTP_USER_AGENT", BROWSER)
        with self.assertLogs("dayuan.requests", "INFO") as logs:
            status, _headers, _body = serve_wsgi(application, path, **environ)
        self.assertEqual(len(logs.records), 1, logs.output)
        return status, json.loads(JSONFormatter().format(logs.records[0]))

    def test_a_line_holds_every_field(self):
        status, line = self.logged(
            self.article_path, REMOTE_ADDR="198.51.100.4", HTTP_X_REQUEST_ID="abc123-DEF.4"
        )
        self.assertEqual(status, 200)
        self.assertEqual(set(line), FIELDS)
        self.assertEqual(line["request_id"], "abc123-DEF.4")
        self.assertEqual(
            (line["method"], line["path"], line["status"], line["client"]),
            ("GET", self.article_path, 200, "198.51.100.4"),
        )
        self.assertEqual(line["message"], f"GET {self.article_path} 200")
        self.assertEqual((line["level"], line["logger"]), ("INFO", "dayuan.requests"))
        self.assertGreater(line["duration_ms"], 0)
        self.assertRegex(line["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$")

    def test_rendered_and_stored_is_a_miss_then_the_fast_path_is_a_hit(self):
        self.assertEqual(self.logged(self.article_path)[1]["cache"], "MISS")
        status, line = self.logged(self.article_path)
        self.assertEqual((status, line["cache"]), (200, "HIT"))

    def test_admin_hits_not_found_and_search_pass(self):
        for path, method, expected in [
            ("/admin/login/", "GET", 200),
            ("/no-such-section/", "GET", 404),
            (f"/hits/{self.article.article_number}/", "POST", 200),
            ("/search/", "GET", 200),
        ]:
            with self.subTest(path=path):
                status, line = self.logged(path, method=method)
                self.assertEqual((status, line["status"]), (expected, expected))
                self.assertEqual((line["method"], line["cache"]), (method, "PASS"))

    def test_an_odd_request_id_is_replaced(self):
        for given in ["", "has space", "x" * 129, '"}{"injected', "阅读"]:
            with self.subTest(given=given):
                line = self.logged("/robots.txt", HTTP_X_REQUEST_ID=given)[1]
                self.assertRegex(line["request_id"], r"^[0-9a-f]{32}$")

    @override_settings(DAYUAN_CLIENT_IP_HEADER="X-Forwarded-For", DAYUAN_TRUSTED_PROXY_COUNT=1)
    def test_the_client_is_the_address_our_proxy_appended(self):
        line = self.logged(
            "/robots.txt", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.6.6.6, 203.0.113.50"
        )[1]
        self.assertEqual(line["client"], "203.0.113.50")

    def test_a_security_event_carries_the_id_of_its_request(self):
        # A login form posted without its CSRF token: refused, and logged as such.
        with json_lines("dayuan") as lines:
            status, _headers, _body = serve_wsgi(
                application, "/admin/login/", method="POST", HTTP_X_REQUEST_ID="req-42"
            )
        self.assertEqual(status, 403)
        self.assertEqual([line["logger"] for line in lines], ["dayuan.security", "dayuan.requests"])
        self.assertEqual([line["request_id"] for line in lines], ["req-42", "req-42"])
        self.assertEqual(lines[0]["event"], "forbidden")
        self.assertTrue(re.match(r"拒绝访问:POST /admin/login/", lines[0]["message"]))
