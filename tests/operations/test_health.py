"""/healthz and /readyz, answered by the outermost WSGI wrapper of the production entry point."""

import json
import time

from django.core.cache import cache
from django.test import TestCase, override_settings

from newsroom.heartbeat import HEARTBEAT_KEY, STALE_SECONDS, record_heartbeat
from site_project.wsgi import application
from tests.pagecache.test_redis_down import RedisDownMixin
from tests.support.wsgi import KeepTestTransactionMixin, call_wsgi

# Every request to every path limited to one a minute: the health checks must not be.
ONE_REQUEST_A_MINUTE = {"everything": (r"/", [(1, 60)])}


def ready(**environ):
    status, headers, body = call_wsgi(application, "/readyz", **environ)
    return status, headers, json.loads(body)


class HealthzTest(TestCase):
    def test_ok_without_touching_anything(self):
        with self.assertNumQueries(0):
            status, headers, body = call_wsgi(application, "/healthz")
        self.assertEqual((status, body), (200, b"ok\n"))
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertEqual(headers["Content-Type"], "text/plain; charset=utf-8")

    def test_head_has_no_body_and_other_methods_are_refused(self):
        status, headers, body = call_wsgi(application, "/healthz", method="HEAD")
        self.assertEqual((status, body, headers["Content-Length"]), (200, b"", "3"))
        status, headers, _body = call_wsgi(application, "/healthz", method="POST")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD"))

    @override_settings(
        ALLOWED_HOSTS=["news.example.cn"],
        SECURE_SSL_REDIRECT=True,
        DAYUAN_RATE_LIMITS=ONE_REQUEST_A_MINUTE,
    )
    def test_any_host_plain_http_never_rate_limited(self):
        # A load balancer asks an app server by its address, over plain HTTP, often.
        for _ in range(5):
            status, _headers, _body = call_wsgi(application, "/healthz", HTTP_HOST="10.0.0.5")
            self.assertEqual(status, 200)
        # Django itself would have said 400 (unknown host) to the same request.
        status, _headers, _body = call_wsgi(application, "/robots.txt", HTTP_HOST="10.0.0.5")
        self.assertEqual(status, 400)


class ReadyzTest(KeepTestTransactionMixin, TestCase):
    def test_ready_names_each_check(self):
        record_heartbeat()
        status, headers, body = ready()
        self.assertEqual(status, 200)
        self.assertEqual(
            body,
            {
                "status": "ok",
                "checks": {"database": "ok", "cache": "ok", "worker": "ok"},
                "worker_seconds_ago": 0,
            },
        )
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertEqual(headers["Content-Type"], "application/json")

    def test_no_heartbeat_yet_is_not_ready(self):
        status, _headers, body = ready()
        self.assertEqual(status, 503)
        self.assertEqual(body["status"], "fail")
        self.assertEqual(body["checks"], {"database": "ok", "cache": "ok", "worker": "missing"})

    def test_a_stale_heartbeat_is_not_ready(self):
        record_heartbeat(time.time() - STALE_SECONDS - 20)
        status, _headers, body = ready()
        self.assertEqual(status, 503)
        self.assertEqual(body["checks"]["worker"], "stale")
        self.assertEqual(body["worker_seconds_ago"], STALE_SECONDS + 20)
        record_heartbeat(time.time() - STALE_SECONDS + 20)
        self.assertEqual(ready()[0], 200)

    @override_settings(ALLOWED_HOSTS=["news.example.cn"], DAYUAN_RATE_LIMITS=ONE_REQUEST_A_MINUTE)
    def test_never_cached_never_limited(self):
        for _ in range(3):
            self.assertEqual(ready(HTTP_HOST="10.0.0.5")[2]["checks"]["worker"], "missing")
        # Each answer is about its own moment: none was kept.
        record_heartbeat()
        self.assertEqual(ready(HTTP_HOST="10.0.0.5")[0], 200)
        cache.delete(HEARTBEAT_KEY)
        self.assertEqual(ready(HTTP_HOST="10.0.0.5")[0], 503)


class ReadyzRedisDownTest(RedisDownMixin, KeepTestTransactionMixin, TestCase):
    def test_says_the_cache_failed_and_healthz_still_answers(self):
        with self.assertLogs("pagecache.backends", "WARNING"):
            status, headers, body = ready()
        self.assertEqual(status, 503)
        self.assertEqual(
            body["checks"], {"database": "ok", "cache": "unreachable", "worker": "unknown"}
        )
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertEqual(call_wsgi(application, "/healthz")[0], 200)
