"""RSS feeds, sitemap and robots.txt."""

from django.test import TestCase

import feedparser
from defusedxml import ElementTree

from tests.support.factories import build_site, make_article


class FeedTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.xinzhou = make_article(cls.tree.xinzhou, "忻州新闻 & <特别> 报道", summary="摘要")
        cls.society = make_article(cls.tree.shehui, "社会新闻")
        cls.draft = make_article(cls.tree.xinzhou, "草稿", publish=False)

    def parse(self, address):
        response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        self.assertIn("application/rss+xml", response["Content-Type"])
        feed = feedparser.parse(response.content)
        self.assertEqual(feed.bozo, 0, feed.get("bozo_exception"))
        self.assertEqual(feed.version, "rss20")
        return feed

    def test_site_feed_lists_live_articles_with_html_addresses(self):
        feed = self.parse("/rss.xml")
        links = {entry.link for entry in feed.entries}
        self.assertEqual(
            links,
            {f"http://testserver{self.xinzhou.url}", f"http://testserver{self.society.url}"},
        )
        titles = {entry.title for entry in feed.entries}
        self.assertIn("忻州新闻 & <特别> 报道", titles)

    def test_section_feed_lists_only_that_section(self):
        feed = self.parse("/gsyl/xinzhou/rss.xml")
        self.assertEqual(
            [entry.link for entry in feed.entries], [f"http://testserver{self.xinzhou.url}"]
        )
        self.assertIn("忻州", feed.feed.title)
        self.assertEqual(feed.entries[0].author, "网络编辑")

    def test_parent_section_feed_includes_city_articles(self):
        feed = self.parse("/gsyl/rss.xml")
        self.assertEqual(len(feed.entries), 1)

    def test_unknown_section_feed_is_404(self):
        self.assertEqual(self.client.get("/nosuch/rss.xml").status_code, 404)


class SitemapAndRobotsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_sitemap_uses_article_addresses_with_lastmod(self):
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        root = ElementTree.fromstring(response.content)
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        entries = {
            url.find("s:loc", ns).text: url.find("s:lastmod", ns)
            for url in root.findall("s:url", ns)
        }
        article_address = f"http://localhost{self.article.url}"
        self.assertIn(article_address, entries)
        self.assertIsNotNone(entries[article_address])
        self.assertIn("http://localhost/gsyl/xinzhou/", entries)
        self.assertFalse(any(loc.endswith(f"/{self.article.slug}/") for loc in entries))

    def test_robots_txt_points_to_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", response.content.decode())
        self.assertIn("Disallow: /admin/", response.content.decode())
