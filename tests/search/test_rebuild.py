"""A whole rebuild on PostgreSQL: written by a thread and connection of its own, in one
transaction that readers do not see until it commits, and that a failure rolls back."""

import threading
import time
from unittest import mock

from django.core.management import call_command
from django.db import DatabaseError, DataError, transaction
from django.test import TransactionTestCase

import pytest
from modelsearch.backends import get_search_backend
from modelsearch.utils import get_content_type_pk

from news.models import ArticlePage
from search.backends.base import index_entry_model
from search.backends.postgres import BackgroundWriter
from tests.support import RUNAWAY_SECONDS
from tests.support.factories import build_site, make_article

STALE_OBJECT_ID = "999999999"


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def start_rebuild():
    """A rebuild of the articles' index begun as `update_index` begins it: (rebuilder, index)."""
    backend = get_search_backend()
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(ArticlePage))
    return rebuilder, rebuilder.start()


def writer_threads():
    return [thread for thread in threading.enumerate() if thread.name == "search-index-writer"]


@pytest.mark.postgresql
class BackgroundRebuildTest(TransactionTestCase):
    # Like the suite's other transactional tests: the migrated rows come back after the flush.
    serialized_rollback = True

    def setUp(self):
        tree = build_site()
        self.flood = make_article(
            tree.xinzhou, "忻州举行防汛演练", body=paragraph("演练在汾河岸边进行。")
        )
        self.bridge = make_article(
            tree.taiyuan, "太原新桥通车", body=paragraph("大桥横跨汾河,连接两岸新区。")
        )
        # An entry whose page is gone: a rebuild deletes it.
        self.entries = index_entry_model().objects
        self.entries.create(
            content_type_id=get_content_type_pk(ArticlePage),
            object_id=STALE_OBJECT_ID,
            title="",
            autocomplete="",
            body="",
        )

    def found(self, query):
        return {page.pk for page in ArticlePage.objects.live().search(query)}

    def wait_until_deleted_by_another_transaction(self):
        """Until the stale entry's row is locked: the writer has deleted it, uncommitted."""
        deadline = time.monotonic() + RUNAWAY_SECONDS
        while time.monotonic() < deadline:
            try:
                with transaction.atomic():
                    list(
                        self.entries.select_for_update(nowait=True).filter(
                            object_id=STALE_OBJECT_ID
                        )
                    )
            except DatabaseError:
                return
            time.sleep(0.02)
        self.fail("the writer never deleted the stale entry")

    def stale_entries(self):
        return self.entries.filter(object_id=STALE_OBJECT_ID).count()

    def test_update_index_writes_in_the_background_and_drops_stale_entries(self):
        ArticlePage.objects.filter(pk=self.bridge.pk).update(title="太原汾河新桥通车")
        with mock.patch.object(
            BackgroundWriter, "write", autospec=True, side_effect=BackgroundWriter.write
        ) as write:
            call_command("update_index", verbosity=0)
        self.assertGreaterEqual(write.call_count, 1)
        self.assertEqual(self.found("汾河"), {self.flood.pk, self.bridge.pk})
        # The title changed behind the index's back: the rebuild picked it up.
        self.assertEqual(self.found("汾河新桥"), {self.bridge.pk})
        self.assertEqual(self.stale_entries(), 0)
        self.assertEqual(writer_threads(), [])

    def test_a_failed_write_rolls_the_whole_rebuild_back_and_is_raised(self):
        rebuilder, index = start_rebuild()
        index.add_items(ArticlePage, [self.flood.specific])
        index.writer.write("SELECT 1 / 0", [])
        with self.assertRaises(DataError):
            rebuilder.finish()
        # The stale entry's deletion went with the transaction; the index is as it was.
        self.assertEqual(self.stale_entries(), 1)
        self.assertEqual(self.found("汾河"), {self.flood.pk, self.bridge.pk})
        self.assertEqual(writer_threads(), [])

    def test_an_abandoned_rebuild_is_rolled_back(self):
        rebuilder, index = start_rebuild()
        writer = index.writer
        index.add_items(ArticlePage, [self.flood.specific])
        # What happens when the rebuilding command dies between batches.
        rebuilder.__del__()
        self.assertFalse(writer.thread.is_alive())
        self.assertEqual(self.stale_entries(), 1)
        self.assertEqual(writer_threads(), [])

    def test_readers_see_the_old_index_until_the_rebuild_commits(self):
        rebuilder, index = start_rebuild()
        index.add_items(ArticlePage, [self.flood.specific, self.bridge.specific])
        self.wait_until_deleted_by_another_transaction()
        self.assertEqual(self.stale_entries(), 1)
        self.assertEqual(self.found("汾河"), {self.flood.pk, self.bridge.pk})
        rebuilder.finish()
        self.assertEqual(self.stale_entries(), 0)
