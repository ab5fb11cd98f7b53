"""`manage.py clean_search_stats` keeps the search records to a bounded number of days."""

import datetime
import io

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

from search.analytics import record_miss, stats_today
from search.models import SearchMiss


def searched(text, days_ago, missed=True):
    query = Query.get(text)
    date = stats_today() - datetime.timedelta(days=days_ago)
    query.add_hit(date=date)
    if missed:
        record_miss(query, date=date)
    return query


def clean(*args):
    out = io.StringIO()
    call_command("clean_search_stats", *args, stdout=out)
    return out.getvalue()


class CleanSearchStatsTest(TestCase):
    def setUp(self):
        searched("今天", 0)
        searched("三十天前", 29)
        searched("八十九天前", 89)  # the 90th day back: kept by default
        searched("九十天前", 90)  # the 91st: removed
        searched("九十天前", 2, missed=False)  # …but searched again lately: the query stays
        searched("半年前", 180)
        promoted = searched("推广过的", 200)
        SearchPromotion.objects.create(
            query=promoted, external_link_url="https://example.com/", external_link_text="链接"
        )

    def days_left(self, model):
        return sorted(
            (stats_today() - date).days for date in model.objects.values_list("date", flat=True)
        )

    def test_by_default_the_last_90_days_are_kept(self):
        output = clean()
        self.assertEqual(self.days_left(SearchMiss), [0, 29, 89])
        self.assertEqual(self.days_left(QueryDailyHits), [0, 2, 29, 89])
        # Queries with neither counts nor promotions go; a promoted one stays.
        self.assertEqual(
            set(Query.objects.values_list("query_string", flat=True)),
            {"今天", "三十天前", "八十九天前", "九十天前", "推广过的"},
        )
        self.assertIn("无结果 3 条", output)
        self.assertIn("每日搜索次数 3 条", output)
        self.assertIn("搜索词 1 个", output)

    def test_days_are_configurable(self):
        clean("--days", "30")
        self.assertEqual(self.days_left(SearchMiss), [0, 29])
        self.assertEqual(self.days_left(QueryDailyHits), [0, 2, 29])

    @override_settings(WAGTAILSEARCH_HITS_MAX_AGE=60)
    def test_the_default_follows_wagtails_setting(self):
        clean()
        self.assertEqual(self.days_left(SearchMiss), [0, 29])

    def test_fewer_days_than_the_reports_show_are_refused(self):
        for days in ["29", "0", "-5"]:
            with self.assertRaisesMessage(CommandError, "至少为 30"):
                clean("--days", days)
        self.assertEqual(SearchMiss.objects.count(), 6)

    def test_running_twice_removes_nothing_more(self):
        clean()
        self.assertIn("无结果 0 条,每日搜索次数 0 条,不再使用的搜索词 0 个", clean())
