"""The topic page, its feed and the topic list use a fixed number of queries.

Measured with 5 and with 50 articles per column; both must equal the pinned count.
"""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from tests.support.factories import build_site, make_article, make_image
from tests.support.topics import column, make_topic

# An anonymous reader with the page cache off (a cache miss): columns, breadcrumbs, site and
# settings kept until content changes, as a running site has them.
EXPECTED = {"topic": 0, "feed": 1, "topic list": 0, "article": 0}
# The first request after the cache was emptied.
# Pictures read the watermark setting once per cold start (watermarks/).
EXPECTED_COLD = {"topic": 18, "feed": 7, "topic list": 12, "article": 14}


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class TopicQueryCountTest(TestCase):
    def populate(self, size):
        tree = build_site()
        image = make_image()
        articles = [
            make_article(
                tree.xinzhou if index % 2 else tree.taiyuan,
                f"专题新闻{index}",
                tags=["乡村振兴"],
                featured_image=image,
                minutes_ago=index,
            )
            for index in range(size)
        ]
        topic = make_topic(
            tree.home,
            "乡村振兴",
            slug="xczx",
            banner_image=image,
            columns=[
                column("最新动态", tag="乡村振兴", count=size),
                column("编辑推荐", articles=articles, count=size),
                column("混合", articles=articles[:2], tag="乡村振兴", count=size),
            ],
        )
        for index in range(size):
            make_topic(tree.home, f"专题{index}", slug=f"topic-{index}", banner_image=image)
        return topic, articles

    def count_queries(self, address, cold=False):
        self.client.get(address)  # renditions, Wagtail's site-root cache
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def measure(self, size, cold=False):
        topic, articles = self.populate(size)
        response = self.client.get(topic.url)
        for shown in response.context["columns"]:
            self.assertEqual(len(shown.articles), size)
        return {
            "topic": self.count_queries(topic.url, cold),
            "feed": self.count_queries(topic.feed_url, cold),
            "topic list": self.count_queries("/zt/", cold),
            "article": self.count_queries(articles[0].url, cold),
        }

    def test_counts_with_5_articles_per_column(self):
        self.assertEqual(self.measure(5), EXPECTED)

    def test_counts_with_50_articles_per_column(self):
        self.assertEqual(self.measure(50), EXPECTED)

    def test_counts_with_an_empty_cache(self):
        self.assertEqual(self.measure(5, cold=True), EXPECTED_COLD)

    def test_counts_with_an_empty_cache_and_50_articles_per_column(self):
        self.assertEqual(self.measure(50, cold=True), EXPECTED_COLD)
