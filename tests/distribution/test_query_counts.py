"""The push job's queries do not grow with the number of pending addresses: pinned at 5 and
at 50 pending pages, both engines configured, one batch each."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from distribution import pushing
from distribution.models import PushRecord
from tests.distribution.endpoint import PushEndpoint
from tests.distribution.support import PushTestCase

# Per site and engine: the day's sent count, the batch with its pages, the results in one
# bulk update; plus which sites and engines have work, those sites, and each setting.
PUSH_JOB_QUERIES = 10


class PushJobQueryCountTest(PushTestCase):
    def assert_push_queries(self, pending):
        with PushEndpoint() as endpoint:
            self.configure(endpoint.base, indexnow=True)
            self.publish(pending)
            self.assertEqual(PushRecord.objects.pending().count(), pending * 2)
            cache.clear()  # the settings and restricted paths read cold, as in a fresh worker
            with CaptureQueriesContext(connection) as queries:
                pushes = pushing.push_due()
        self.assertEqual(len(endpoint.requests), 2)
        self.assertEqual(sum(push.counts[PushRecord.Status.SENT] for push in pushes), pending * 2)
        self.assertEqual(
            len(queries), PUSH_JOB_QUERIES, "\n".join(q["sql"] for q in queries.captured_queries)
        )

    def test_push_job_queries_at_5_pending_pages(self):
        self.assert_push_queries(5)

    def test_push_job_queries_at_50_pending_pages(self):
        self.assert_push_queries(50)
