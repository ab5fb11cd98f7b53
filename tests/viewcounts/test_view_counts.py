"""View counts: outside the page model, buffered, exact, not counted for bots or editors."""

import datetime
import itertools
import json
import threading

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone

import pytest

from pagecache.editors import EDITOR_COOKIE
from tests.support.editors import log_in, make_editor
from tests.support.factories import build_site, make_article
from tests.support.wsgi import KeepTestTransactionMixin, call_wsgi
from viewcounts.buffers import flush_views, reset_view_buffer, view_buffer
from viewcounts.models import ArticleViewCount, DailyArticleViews
from viewcounts.wsgi import ViewCountWSGIApplication

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


_readers = itertools.count(1)


def reader_address():
    """A new reader's address: a view counts once per reader and article (test_repeat_views)."""
    number = next(_readers)
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def stored(article):
    """(total, today) as written in the database."""
    today = DailyArticleViews.objects.filter(article=article, date=timezone.localdate()).first()
    return ArticleViewCount.count_for(article.pk), today.count if today else 0


class OneArticleMixin:
    """An article whose views are counted at `self.address`."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.address = f"/hits/{cls.article.article_number}/"

    def hit(self, times=1, **headers):
        """The last of `times` views by as many readers, sent through Django's test client."""
        for _ in range(times):
            response = self.client.post(
                self.address,
                headers={"user-agent": BROWSER, **headers},
                REMOTE_ADDR=reader_address(),
            )
        return response


class RecordViewTest(OneArticleMixin, TestCase):
    """Through Django's test client: the view every request that is not the fast path meets."""

    def test_a_reader_visit_counts_once_in_total_and_today(self):
        response = self.hit()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"count": 1, "counted": True})
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertEqual(self.hit().json()["count"], 2)
        self.assertEqual(flush_views(), 2)
        self.assertEqual(stored(self.article), (2, 2))

    def test_views_are_buffered_until_flushed_and_the_count_shown_includes_them(self):
        ArticleViewCount.objects.create(article=self.article, count=40)
        self.assertEqual(self.hit().json()["count"], 41)
        self.assertEqual(stored(self.article), (40, 0))
        self.assertEqual(self.hit().json()["count"], 42)
        flush_views()
        self.assertEqual(stored(self.article), (42, 2))
        self.assertEqual(self.hit().json()["count"], 43)
        self.assertEqual(flush_views(), 1)
        self.assertEqual(flush_views(), 0)
        self.assertEqual(stored(self.article), (43, 3))

    def test_publishing_a_new_revision_keeps_the_count(self):
        self.hit()
        self.hit()
        flush_views()
        self.article.title = "忻州新闻(更新)"
        self.article.save_revision().publish()
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 2)
        response = self.client.get(self.article.url)
        self.assertContains(response, '<span class="view-count">2</span>')

    def test_views_of_an_article_deleted_before_the_flush_are_dropped(self):
        doomed = make_article(self.tree.xinzhou, "将被删除")
        self.client.post(
            f"/hits/{doomed.article_number}/",
            headers={"user-agent": BROWSER},
            REMOTE_ADDR=reader_address(),
        )
        self.hit()
        doomed.delete()
        self.assertEqual(flush_views(), 2)
        self.assertEqual(stored(self.article), (1, 1))
        self.assertFalse(ArticleViewCount.objects.filter(article_id=doomed.pk).exists())

    def test_bots_and_scripts_are_not_counted(self):
        for agent in ["", "Baiduspider/2.0", "Googlebot/2.1", "curl/8.0", "python-requests/2.3"]:
            with self.subTest(agent=agent):
                response = self.client.post(self.address, headers={"user-agent": agent})
                self.assertEqual(response.json(), {"count": 0, "counted": False})
        flush_views()
        self.assertEqual(stored(self.article), (0, 0))

    def test_logged_in_editors_are_not_counted(self):
        log_in(self.client, make_editor())
        self.assertFalse(self.hit().json()["counted"])
        flush_views()
        self.assertEqual(stored(self.article), (0, 0))

    def test_unknown_drafts_and_bad_numbers_are_404(self):
        draft = make_article(self.tree.xinzhou, "草稿", publish=False)
        for address in [
            "/hits/987654/",
            f"/hits/{draft.article_number}/",
            "/hits/99999999999999999999999/",
            "/hits/abc/",
            "/hits/-1/",
        ]:
            with self.subTest(address=address):
                response = self.client.post(address, headers={"user-agent": BROWSER})
                self.assertEqual(response.status_code, 404)

    def test_get_is_refused(self):
        self.assertEqual(self.client.get(self.address).status_code, 405)
        flush_views()
        self.assertEqual(stored(self.article), (0, 0))

    def test_daily_counts_rank_most_read(self):
        other = make_article(self.tree.taiyuan, "太原新闻")
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        for _ in range(3):
            ArticleViewCount.record_view(other.pk, on=yesterday)
        ArticleViewCount.record_view(self.article.pk)
        week = list(DailyArticleViews.most_read_since(7))
        self.assertEqual([row["article_id"] for row in week], [other.pk, self.article.pk])
        today = list(DailyArticleViews.most_read_since(1))
        self.assertEqual([row["article_id"] for row in today], [self.article.pk])


def post_hit(application, path, method="POST", user_agent=BROWSER, **environ):
    """One view by a new reader, unless `environ` names the address."""
    if user_agent:
        environ["HTTP_USER_AGENT"] = user_agent
    environ.setdefault("REMOTE_ADDR", reader_address())
    return call_wsgi(application, path, method, **environ)


class WSGIFastPathTest(OneArticleMixin, KeepTestTransactionMixin, TestCase):
    """Gunicorn's entry point counts anonymous views without building a Django request."""

    def setUp(self):
        super().setUp()
        self.application = ViewCountWSGIApplication(WSGIHandler())

    def call(self, path, **kwargs):
        return post_hit(self.application, path, **kwargs)

    def test_a_reader_is_counted_without_a_django_request(self):
        status, headers, body = self.call(self.address)
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body), {"count": 1, "counted": True})
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertEqual(headers["Content-Type"], "application/json")
        # Django's middleware never ran (its security headers are sent all the same:
        # test_hits_headers), and no session was looked at.
        self.assertNotIn("Vary", headers)
        self.call(self.address)
        flush_views()
        self.assertEqual(stored(self.article), (2, 2))

    def test_bots_are_answered_but_not_counted(self):
        status, _headers, body = self.call(self.address, user_agent="Baiduspider/2.0")
        self.assertEqual((status, json.loads(body)), (200, {"count": 0, "counted": False}))
        status, _headers, body = self.call(self.address, user_agent="")
        self.assertEqual(json.loads(body)["counted"], False)
        flush_views()
        self.assertEqual(stored(self.article), (0, 0))

    def test_an_editor_session_goes_to_django_and_is_not_counted(self):
        log_in(self.client, make_editor())
        cookie = "; ".join(
            f"{name}={self.client.cookies[name].value}"
            for name in (settings.SESSION_COOKIE_NAME, EDITOR_COOKIE)
        )
        status, headers, body = self.call(self.address, HTTP_COOKIE=cookie)
        self.assertEqual((status, json.loads(body)["counted"]), (200, False))
        self.assertIn("Vary", headers)  # Django answered
        flush_views()
        self.assertEqual(stored(self.article), (0, 0))

    def test_unknown_articles_wrong_methods_and_bad_hosts_fall_through_to_django(self):
        draft = make_article(self.tree.xinzhou, "草稿", publish=False)
        for path, method, host, expected in [
            ("/hits/987654/", "POST", "testserver", 404),
            (f"/hits/{draft.article_number}/", "POST", "testserver", 404),
            ("/hits/99999999999999999999999/", "POST", "testserver", 404),
            (self.address, "GET", "testserver", 405),
            (self.address, "PUT", "testserver", 405),
            (self.address, "POST", "evil.example<script>", 400),
        ]:
            with self.subTest(path=path, method=method, host=host):
                status, _headers, _body = self.call(path, method=method, HTTP_HOST=host)
                self.assertEqual(status, expected)
        flush_views()
        self.assertEqual(stored(self.article), (0, 0))


def hit_concurrently(application, address, clients, hits_each):
    """`clients` threads each sending `hits_each` counted views; returns the failed statuses."""
    barrier = threading.Barrier(clients)
    failures = []

    def client():
        try:
            barrier.wait()
            for _ in range(hits_each):
                status, _headers, _body = post_hit(application, address)
                if status != 200:
                    failures.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


class ExactCountingTest(TransactionTestCase):
    """Fifty readers at once through the fast path: every view lands once, none twice."""

    serialized_rollback = True

    def setUp(self):
        self.tree = build_site()
        self.article = make_article(self.tree.xinzhou, "忻州新闻")
        self.address = f"/hits/{self.article.article_number}/"
        self.application = ViewCountWSGIApplication(WSGIHandler())

    def test_fifty_clients_two_thousand_views(self):
        failures = hit_concurrently(self.application, self.address, clients=50, hits_each=40)
        flush_views()
        self.assertEqual(failures, [])
        self.assertEqual(stored(self.article), (2000, 2000))

    # SQLite's shared in-memory test database locks whole tables against a second writer
    # thread; the flushing-while-counting cases run in the PostgreSQL (+ Redis) pass.
    @pytest.mark.postgresql
    def test_timed_flushes_in_each_worker_lose_nothing(self):
        self.flush_while_counting("viewcounts.buffers.LocalViewBuffer", {"interval": 0.02})

    @pytest.mark.postgresql
    @pytest.mark.redis
    def test_flushes_by_readers_requests_lose_nothing(self):
        self.flush_while_counting(
            "viewcounts.buffers.RedisViewBuffer",
            {**settings.DAYUAN_VIEW_BUFFER_OPTIONS, "interval": 0.02},
        )

    def flush_while_counting(self, buffer, options):
        with override_settings(DAYUAN_VIEW_BUFFER=buffer, DAYUAN_VIEW_BUFFER_OPTIONS=options):
            reset_view_buffer()
            self.assertEqual(type(view_buffer()).__name__, buffer.rsplit(".", 1)[1])
            failures = hit_concurrently(self.application, self.address, clients=50, hits_each=40)
            written_meanwhile = stored(self.article)[0]
            flush_views()
        self.assertEqual(failures, [])
        self.assertGreater(written_meanwhile, 0)  # timed flushes ran during the burst
        self.assertEqual(stored(self.article), (2000, 2000))


@pytest.mark.redis
class RedisBufferRecoveryTest(OneArticleMixin, TestCase):
    """A flusher that dies part-way leaves its batch for the next one: never lost, never twice."""

    def test_died_before_writing(self):
        self.hit(3)
        buffer = view_buffer()
        buffer._take_batch()  # the flusher dies here
        self.hit(2)  # views keep arriving
        buffer.flush()  # finishes the left batch of 3 only
        self.assertEqual(stored(self.article), (3, 3))
        buffer.flush()
        self.assertEqual(stored(self.article), (5, 5))
        self.assertEqual(buffer.client.hgetall(buffer.pending_key), {})

    def test_died_after_writing_before_settling(self):
        self.hit(3)
        buffer = view_buffer()
        batch_id, pending = buffer._take_batch()
        buffer._write_batch(batch_id, pending)  # committed, then the flusher dies
        self.hit(1)
        # The shown count stays right: its stored part moves only when the batch settles.
        self.assertEqual(self.hit_count(), 4)
        buffer.flush()  # settles without writing the batch again
        self.assertEqual(stored(self.article), (3, 3))
        self.assertEqual(buffer.flush(), 1)
        self.assertEqual(stored(self.article), (4, 4))
        self.assertEqual(self.hit_count(), 4)

    def hit_count(self):
        response = self.client.post(self.address, headers={"user-agent": "Googlebot/2.1"})
        return response.json()["count"]

    def test_redis_down_counts_straight_into_the_database(self):
        options = {**settings.DAYUAN_VIEW_BUFFER_OPTIONS, "url": "redis://127.0.0.1:1/0"}
        with override_settings(DAYUAN_VIEW_BUFFER_OPTIONS=options):
            reset_view_buffer()
            response = self.hit()
        self.assertEqual(response.json(), {"count": 1, "counted": True})
        self.assertEqual(stored(self.article), (1, 1))
