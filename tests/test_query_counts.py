"""Reader pages use a fixed number of queries, however many articles or tags there are.

Each page is measured with 5 and with 50 items; both must equal the pinned count.
"""

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from news.models import ArticleViewCount
from tests.factories import build_site, make_article, make_image

# Pinned counts for an anonymous reader, page cache off (what a cache miss costs).
EXPECTED = {
    "article": 12,  # one of them lists the approved comments
    "section": 8,
    "city section": 8,
    "tag": 6,
    "home": 19,
}


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class QueryCountTest(TestCase):
    def populate(self, size):
        tree = build_site()
        image = make_image()
        tags = [f"标签{index}" for index in range(size)]
        articles = []
        for index in range(size):
            section = tree.xinzhou if index % 2 else tree.taiyuan
            articles.append(
                make_article(
                    section,
                    f"新闻{index}",
                    tags=tags if index == 0 else [tags[0], tags[index]],
                    featured_image=image,
                    is_slideshow=index < 3,
                    is_recommended=index < 8,
                    is_headline=index == 0,
                    minutes_ago=index,
                )
            )
            for _ in range(index % 3):
                ArticleViewCount.record_view(articles[-1].pk)
        return tree, articles, tags

    def count_queries(self, address):
        self.client.get(address)  # warm renditions and Wagtail's site-root cache
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def measure(self, size):
        _tree, articles, tags = self.populate(size)
        return {
            "article": self.count_queries(articles[0].url),
            "section": self.count_queries("/gsyl/"),
            "city section": self.count_queries("/gsyl/xinzhou/"),
            "tag": self.count_queries(f"/tags/{tags[0]}/"),
            "home": self.count_queries("/"),
        }

    def test_counts_with_5_items(self):
        self.assertEqual(self.measure(5), EXPECTED)

    def test_counts_with_50_items(self):
        self.assertEqual(self.measure(50), EXPECTED)
