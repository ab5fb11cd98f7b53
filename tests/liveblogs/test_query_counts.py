"""The live page and its JSON poll use a fixed number of queries, at 5 entries and at 50.

Measured with the page cache off (what a miss costs), warm and cold, as
tests/news/test_query_counts.py does for articles. Half the entries carry a picture.
"""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from tests.support.factories import build_site, make_image
from tests.support.liveblogs import add_entry, entries_url, make_live_blog

# Warm: the routed page, its entries (rendered), body and neighbours are all kept.
EXPECTED = {"live page": 0, "entries json": 0, "entries json since": 0}
# After the cache was emptied: the article's cold count, plus the entries with their
# pictures and renditions; the poll finds the blog and its entries.
# The watermark version (read once per cold start) and the topics an article belongs to
# (topics/wagtail_hooks.py) are one query each.
EXPECTED_COLD = {"live page": 17, "entries json": 7, "entries json since": 7}


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class LiveBlogQueryCountTest(TestCase):
    def populate(self, size):
        tree = build_site()
        image = make_image()
        blog = make_live_blog(tree.xinzhou, featured_image=image, tags=["马拉松"])
        for index in range(size):
            add_entry(
                blog,
                f"<p>第{index}条进展。</p>",
                minutes_ago=size - index,
                headline=f"进展{index}",
                image=image if index % 2 else None,
                image_caption="现场",
            )
        return blog

    def count_queries(self, address, cold=False):
        self.client.get(address)  # renditions made, Wagtail's site root known
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def measure(self, size, cold=False):
        blog = self.populate(size)
        return {
            "live page": self.count_queries(blog.url, cold),
            "entries json": self.count_queries(entries_url(blog), cold),
            "entries json since": self.count_queries(entries_url(blog, "since=1"), cold),
        }

    def test_counts_with_5_entries(self):
        self.assertEqual(self.measure(5), EXPECTED)

    def test_counts_with_50_entries(self):
        self.assertEqual(self.measure(50), EXPECTED)

    def test_counts_with_an_empty_cache(self):
        self.assertEqual(self.measure(5, cold=True), EXPECTED_COLD)

    def test_counts_with_an_empty_cache_and_50_entries(self):
        self.assertEqual(self.measure(50, cold=True), EXPECTED_COLD)
