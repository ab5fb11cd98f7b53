"""Concurrent posts against PostgreSQL: every valid one stored once, no captcha used twice.

Run with DATABASE_URL pointing at PostgreSQL (CI does); SQLite serialises writers and
is not what production runs under load.
"""

import threading

from django.db import connection
from django.test import Client, TransactionTestCase, override_settings

import pytest

from comments.models import Comment
from tests.support.comments import FETCH, comment_data, fresh_captcha, post_url
from tests.support.factories import build_site, make_article


# SQLite serialises writers; CI runs these in its PostgreSQL pass (see tests/conftest.py).
@pytest.mark.postgresql
@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class ConcurrentPostingTest(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        self.tree = build_site()
        self.article = make_article(self.tree.xinzhou, "忻州新闻")

    def run_together(self, jobs):
        """Run each job in its own thread, all released at once; returns their results."""
        barrier = threading.Barrier(len(jobs))
        results = [None] * len(jobs)

        def run(index, job):
            try:
                barrier.wait()
                results[index] = job()
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results

    def prepared_post(self, client, data):
        return lambda: client.post(post_url(self.article), data, headers=FETCH).status_code

    def test_fifty_readers_posting_at_once_store_exactly_fifty_comments(self):
        jobs = []
        for index in range(50):
            reader = Client(REMOTE_ADDR=f"198.51.100.{index + 1}")
            key, answer = fresh_captcha(reader, self.article)
            jobs.append(self.prepared_post(reader, comment_data(key, answer, text=f"读者{index}")))

        statuses = self.run_together(jobs)

        self.assertEqual(statuses, [200] * 50)
        texts = sorted(Comment.objects.values_list("text", flat=True))
        self.assertEqual(texts, sorted(f"读者{index}" for index in range(50)))

    def test_one_captcha_posted_ten_times_at_once_is_used_once(self):
        reader = Client(REMOTE_ADDR="198.51.100.200")
        key, answer = fresh_captcha(reader, self.article)
        jobs = [
            self.prepared_post(
                Client(REMOTE_ADDR=f"198.51.101.{n}"), comment_data(key, answer, text=f"重放{n}")
            )
            for n in range(10)
        ]
        statuses = self.run_together(jobs)
        self.assertEqual(sorted(statuses), [200] + [400] * 9)
        self.assertEqual(Comment.objects.count(), 1)

    def test_one_address_posting_ten_at_once_gets_exactly_its_limit(self):
        jobs = []
        for n in range(10):
            reader = Client(REMOTE_ADDR="198.51.100.222")
            key, answer = fresh_captcha(reader, self.article)
            jobs.append(self.prepared_post(reader, comment_data(key, answer, text=f"同一地址{n}")))
        statuses = self.run_together(jobs)
        self.assertEqual(sorted(statuses), [200] * 5 + [429] * 5)
        self.assertEqual(Comment.objects.count(), 5)
