"""The scheduling worker says it is alive on every run; /readyz reads it."""

import datetime
import io
import time

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from news.models import ArticlePage
from newsroom.heartbeat import last_heartbeat
from site_project.wsgi import application
from tests.pagecache.test_redis_down import RedisDownMixin
from tests.support.factories import build_site, make_article
from tests.support.wsgi import KeepTestTransactionMixin, call_wsgi


def run_worker_once():
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out, stderr=out)
    return out.getvalue()


class HeartbeatTest(KeepTestTransactionMixin, TestCase):
    def test_a_run_records_the_heartbeat_and_readyz_reads_it(self):
        self.assertEqual(call_wsgi(application, "/readyz")[0], 503)
        before = time.time()
        run_worker_once()
        self.assertGreaterEqual(last_heartbeat(), before)
        self.assertLessEqual(last_heartbeat(), time.time())
        self.assertEqual(call_wsgi(application, "/readyz")[0], 200)


class WorkerRedisDownTest(RedisDownMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(build_site().xinzhou, "到期下线的稿件")
        ArticlePage.objects.filter(pk=cls.article.pk).update(
            expire_at=timezone.now() - datetime.timedelta(seconds=1)
        )

    def test_the_worker_still_unpublishes_what_expired(self):
        with self.assertLogs("pagecache.backends", "WARNING") as logs:
            output = run_worker_once()
        self.assertNotIn("失败", output)
        self.assertFalse(ArticlePage.objects.get(pk=self.article.pk).live)
        # The cache and the view buffer: a line each, no traceback.
        self.assertEqual(len(logs.records), 2, logs.output)
        self.assertTrue(all(record.exc_info is None for record in logs.records))
