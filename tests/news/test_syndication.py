"""RSS feeds, sitemap and robots.txt."""

import html

from django.test import TestCase, override_settings

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
        # The configured site address (test settings: http://testserver), not the Site record.
        article_address = f"http://testserver{self.article.url}"
        self.assertIn(article_address, entries)
        self.assertIsNotNone(entries[article_address])
        self.assertIn("http://testserver/gsyl/xinzhou/", entries)
        self.assertFalse(any(loc.endswith(f"/{self.article.slug}/") for loc in entries))

    def test_robots_txt_points_to_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sitemap: http://testserver/sitemap.xml", response.content.decode())
        self.assertIn("Disallow: /admin/", response.content.decode())


@override_settings(DAYUAN_SITE_URL="https://example.com")
class SiteAddressTest(TestCase):
    """Absolute addresses come from the configured site, never the request or Site record.

    The Site record says localhost:80 and a Host header is whatever the client sent: a feed
    or sitemap built from either points readers and search engines elsewhere.
    """

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def get(self, address):
        response = self.client.get(address, headers={"host": "evil.example:8080"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"evil.example", response.content)
        self.assertNotIn(b"localhost", response.content)
        self.assertNotIn(b":80/", response.content)
        return response

    def test_sitemap(self):
        root = ElementTree.fromstring(self.get("/sitemap.xml").content)
        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        locations = [url.find("s:loc", ns).text for url in root.findall("s:url", ns)]
        self.assertIn(f"https://example.com{self.article.url}", locations)
        self.assertIn("https://example.com/gsyl/xinzhou/", locations)
        self.assertTrue(all(loc.startswith("https://example.com/") for loc in locations))

    def test_feeds(self):
        for address, link in [
            ("/rss.xml", "https://example.com/"),
            ("/gsyl/xinzhou/rss.xml", "https://example.com/gsyl/xinzhou/"),
        ]:
            with self.subTest(address=address):
                feed = feedparser.parse(self.get(address).content)
                self.assertEqual(feed.bozo, 0, feed.get("bozo_exception"))
                self.assertEqual(feed.feed.link, link)
                self.assertEqual(
                    [item.link for item in feed.entries],
                    [f"https://example.com{self.article.url}"],
                )
                self.assertEqual(feed.entries[0].id, f"https://example.com{self.article.url}")
                self_links = [item.href for item in feed.feed.links if item.rel == "self"]
                self.assertEqual(self_links, [f"https://example.com{address}"])

    def test_robots_txt(self):
        self.assertIn(
            "Sitemap: https://example.com/sitemap.xml", self.get("/robots.txt").content.decode()
        )

    @override_settings(DAYUAN_SITE_URL="", WAGTAILADMIN_BASE_URL="https://admin.example.com/")
    def test_without_a_site_address_the_admin_base_address(self):
        feed = feedparser.parse(self.client.get("/rss.xml").content)
        self.assertEqual(feed.entries[0].link, f"https://admin.example.com{self.article.url}")


class FeedDescriptionTest(TestCase):
    """The 导语 is plain text: a feed reader must show it as typed, never as markup."""

    SUMMARY = '导语里有 <b>加粗</b>、<script>alert(1)</script> 和 "引号" & 符号 &amp;'

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻", summary=cls.SUMMARY)

    def test_the_summary_is_text_escaped_once(self):
        feed = feedparser.parse(self.client.get("/rss.xml").content)
        self.assertEqual(feed.bozo, 0, feed.get("bozo_exception"))
        description = feed.entries[0].summary
        # As HTML (what readers render), it holds no element; as text, exactly what was typed.
        self.assertNotIn("<", description)
        self.assertEqual(html.unescape(description), self.SUMMARY)
        self.assertIn("<script>alert(1)</script>", html.unescape(description))
