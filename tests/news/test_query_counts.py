"""Reader pages use a fixed number of queries, however many articles or tags there are.

Each page is measured with 5 and with 50 items; both must equal the pinned count.
"""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from tests.support.factories import build_site, make_article, make_image
from viewcounts.models import ArticleViewCount

# Pinned counts for an anonymous reader, page cache off (what a cache miss costs): with the
# site, navigation, listings, each article's neighbours and rendered fragments cached, as a
# running site has them.
EXPECTED = {
    "article": 0,  # the routed article, its rendered body and head, its comments: all kept
    "section": 0,  # sections come from the kept section tree; pages, count too
    "city section": 0,
    "tag": 1,
    "home": 0,  # every list on it is kept until content changes (most-read for a minute)
}
# The first request after the cache was emptied (a restart with local-memory caching): the
# site, section tree, settings, restrictions and neighbours are fetched once, then kept;
# so is the watermark setting's version, which every picture's spec carries (watermarks/).
EXPECTED_COLD = {
    "article": 14,  # with the topics that contain it (topics/wagtail_hooks.py)
    "section": 10,
    "city section": 10,
    "tag": 11,
    "home": 16,  # with the current topics
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

    def count_queries(self, address, cold=False):
        self.client.get(address)  # warm renditions and Wagtail's site-root cache
        if cold:
            cache.clear()  # and forget the navigation, the site, neighbours, counts
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def measure(self, size, cold=False):
        _tree, articles, tags = self.populate(size)
        return {
            "article": self.count_queries(articles[0].url, cold),
            "section": self.count_queries("/gsyl/", cold),
            "city section": self.count_queries("/gsyl/xinzhou/", cold),
            "tag": self.count_queries(f"/tags/{tags[0]}/", cold),
            "home": self.count_queries("/", cold),
        }

    def test_counts_with_5_items(self):
        self.assertEqual(self.measure(5), EXPECTED)

    def test_counts_with_50_items(self):
        self.assertEqual(self.measure(50), EXPECTED)

    def test_counts_with_an_empty_cache(self):
        self.assertEqual(self.measure(5, cold=True), EXPECTED_COLD)

    def test_counts_with_an_empty_cache_and_50_items(self):
        self.assertEqual(self.measure(50, cold=True), EXPECTED_COLD)


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class CachedListingImagesTest(TestCase):
    """A listing cached before its images had renditions must not make them on every render."""

    def test_listings_cached_before_their_renditions_existed(self):
        tree = build_site()
        article = make_article(
            tree.taiyuan, "图片新闻", featured_image=make_image(), is_slideshow=True, tags=["图片"]
        )
        for address in ("/", "/gsyl/", "/tags/图片/"):
            with self.subTest(address=address):
                cache.clear()
                article.featured_image.renditions.all().delete()
                self.client.get(address)  # caches the lists, then renders their pictures
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(address)
                self.assertContains(response, ".format-webp.fill-480x320.webp")
                touching_renditions = [
                    query["sql"] for query in queries if "wagtailimages_rendition" in query["sql"]
                ]
                self.assertEqual(touching_renditions, [])
