"""The search page counts the searches that found nothing, once per search, exactly."""

import datetime
import threading
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

import pytest

from search.analytics import record_miss, stats_today
from search.models import SearchMiss
from tests.support.factories import build_site, make_article

NO_RATE_LIMITS = override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)


def misses_of(text, date=None):
    row = SearchMiss.objects.filter(query__query_string=text, date=date or stats_today()).first()
    return row.misses if row else 0


def hits_of(text):
    row = QueryDailyHits.objects.filter(query__query_string=text, date=stats_today()).first()
    return row.hits if row else 0


@NO_RATE_LIMITS
class MissRecordingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        make_article(cls.tree.xinzhou, "忻州部署疫情防控工作")

    def search(self, **params):
        response = self.client.get("/search/", params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_search_that_finds_nothing_is_counted_as_a_miss_and_a_search(self):
        self.search(q="不存在的词")
        self.assertEqual((hits_of("不存在的词"), misses_of("不存在的词")), (1, 1))
        self.search(q="不存在的词")
        self.assertEqual((hits_of("不存在的词"), misses_of("不存在的词")), (2, 2))
        self.assertEqual(SearchMiss.objects.count(), 1)  # one row per query and day

    def test_searches_and_misses_are_dated_by_the_newsrooms_day(self):
        self.search(q="不存在的词")
        beijing_today = timezone.localtime(timezone=ZoneInfo("Asia/Shanghai")).date()
        self.assertEqual(QueryDailyHits.objects.get().date, beijing_today)
        self.assertEqual(SearchMiss.objects.get().date, beijing_today)

    def test_a_search_that_finds_something_is_no_miss(self):
        self.search(q="疫情")
        self.assertEqual((hits_of("疫情"), misses_of("疫情")), (1, 0))
        self.assertFalse(SearchMiss.objects.exists())

    def test_only_the_first_page_counts(self):
        for page in ["2", "3", "999999", "abc"]:
            self.search(q="不存在的词", page=page)
        self.assertEqual((hits_of("不存在的词"), misses_of("不存在的词")), (0, 0))
        self.search(q="不存在的词", page="1")
        self.assertEqual((hits_of("不存在的词"), misses_of("不存在的词")), (1, 1))

    def test_a_narrowed_search_that_finds_nothing_is_no_miss(self):
        """疫情 is found, just not among 太原's pages or on that day: the site has it."""
        for narrowed in [
            {"section": self.tree.taiyuan.pk},
            {"start": "2001-01-01", "end": "2001-01-02"},
        ]:
            self.assertEqual(self.search(q="疫情", **narrowed).context["hits"], [])
        self.assertEqual((hits_of("疫情"), misses_of("疫情")), (2, 0))

    def test_the_query_is_recorded_as_wagtail_normalises_it(self):
        self.search(q="  NoSuchWord   ANYWHERE ")
        self.assertEqual(misses_of("nosuchword anywhere"), 1)

    def test_a_query_with_no_searchable_word_is_not_recorded(self):
        self.search(q="。,、!")
        self.search(q="\x00\x01")
        self.assertFalse(Query.objects.exists())
        self.assertFalse(SearchMiss.objects.exists())


class RecordMissTest(TestCase):
    def test_each_day_has_its_own_row(self):
        query = Query.get("无结果")
        today = stats_today()
        yesterday = today - datetime.timedelta(days=1)
        record_miss(query)
        record_miss(query)
        record_miss(query, date=yesterday)
        self.assertEqual(
            dict(SearchMiss.objects.values_list("date", "misses")), {today: 2, yesterday: 1}
        )

    def test_a_miss_once_the_row_exists_costs_one_update(self):
        query = Query.get("无结果")
        record_miss(query)
        with self.assertNumQueries(1):
            record_miss(query)
        self.assertEqual(misses_of("无结果"), 2)

    def test_misses_go_with_their_query(self):
        query = Query.get("无结果")
        record_miss(query)
        query.delete()
        self.assertFalse(SearchMiss.objects.exists())


@pytest.mark.postgresql
class ConcurrentMissesTest(TransactionTestCase):
    """Searches racing to record the first miss of a day lose no count and make one row."""

    # Like the suite's other transactional tests: the migrated rows come back after the flush,
    # or the next test that restores them finds the content types already there.
    serialized_rollback = True
    THREADS = 8
    MISSES_EACH = 25

    def test_concurrent_misses_are_all_counted(self):
        query = Query.get("同时搜索的无结果词")
        barrier = threading.Barrier(self.THREADS)
        errors = []

        def search_many():
            try:
                barrier.wait()
                for _ in range(self.MISSES_EACH):
                    record_miss(query)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=search_many) for _ in range(self.THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        self.assertEqual(SearchMiss.objects.filter(query=query).count(), 1)
        self.assertEqual(misses_of("同时搜索的无结果词"), self.THREADS * self.MISSES_EACH)
