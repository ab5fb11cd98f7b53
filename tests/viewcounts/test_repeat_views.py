"""A view counts once per reader and article in DAYUAN_VIEW_REPEAT_SECONDS.

One client once added 3,910 views in two seconds: a User-Agent is whatever the client
says. The reader is its address (an HMAC of it in the cache); readers at distinct
addresses all count, so "10,000 hits from 50 clients are stored exactly" still holds.
"""

import json
import time

from django.core.handlers.wsgi import WSGIHandler
from django.test import TestCase, override_settings

from tests.support.factories import make_article
from tests.support.wsgi import KeepTestTransactionMixin
from tests.viewcounts.test_view_counts import (
    BROWSER,
    OneArticleMixin,
    post_hit,
    reader_address,
    stored,
)
from viewcounts.buffers import flush_views
from viewcounts.wsgi import ViewCountWSGIApplication


class RepeatViewsTest(OneArticleMixin, KeepTestTransactionMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.application = ViewCountWSGIApplication(WSGIHandler())

    def through_django(self, address, remote_addr, **extra):
        response = self.client.post(
            address, headers={"user-agent": BROWSER}, REMOTE_ADDR=remote_addr, **extra
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def through_fast_path(self, address, remote_addr, **environ):
        status, _headers, body = post_hit(
            self.application, address, REMOTE_ADDR=remote_addr, **environ
        )
        self.assertEqual(status, 200)
        return json.loads(body)

    def test_one_reader_hammering_an_article_counts_once(self):
        reader = reader_address()
        answers = [self.through_fast_path(self.address, reader) for _ in range(30)]
        answers += [self.through_django(self.address, reader) for _ in range(30)]
        self.assertEqual(answers[0], {"count": 1, "counted": True})
        self.assertTrue(all(answer == {"count": 1, "counted": False} for answer in answers[1:]))
        flush_views()
        self.assertEqual(stored(self.article), (1, 1))

    def test_a_changing_user_agent_changes_nothing(self):
        reader = reader_address()
        for number in range(10):
            agent = f"Mozilla/5.0 (Windows NT 10.0) Chrome/{100 + number}.0 Safari/537.36"
            self.through_fast_path(self.address, reader, user_agent=agent)
        flush_views()
        self.assertEqual(stored(self.article), (1, 1))

    def test_distinct_readers_all_count(self):
        for _ in range(20):
            self.through_fast_path(self.address, reader_address())
            self.through_django(self.address, reader_address())
        flush_views()
        self.assertEqual(stored(self.article), (40, 40))

    def test_the_same_reader_counts_once_for_each_article(self):
        other = make_article(self.tree.xinzhou, "另一篇")
        reader = reader_address()
        self.assertTrue(self.through_django(self.address, reader)["counted"])
        self.assertTrue(self.through_fast_path(f"/hits/{other.article_number}/", reader)["counted"])

    @override_settings(DAYUAN_CLIENT_IP_HEADER="X-Forwarded-For", DAYUAN_TRUSTED_PROXY_COUNT=1)
    def test_a_forged_forwarded_for_value_is_not_a_new_reader(self):
        # Our proxy appends the address it saw; what the client put before it is ignored.
        for number in range(10):
            forwarded = f"203.0.113.{number}, 198.51.100.7"
            self.through_fast_path(self.address, "127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
            self.through_django(self.address, "127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
        flush_views()
        self.assertEqual(stored(self.article), (1, 1))

    @override_settings(DAYUAN_VIEW_REPEAT_SECONDS=1)
    def test_a_reader_counts_again_after_the_window(self):
        reader = reader_address()
        self.assertTrue(self.through_fast_path(self.address, reader)["counted"])
        self.assertFalse(self.through_fast_path(self.address, reader)["counted"])
        time.sleep(1.1)
        self.assertTrue(self.through_fast_path(self.address, reader)["counted"])
        flush_views()
        self.assertEqual(stored(self.article), (2, 2))
