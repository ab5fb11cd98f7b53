"""The full-page cache of topic pages and their feeds follows the articles they show."""

from django.test import TestCase

from tests.support.factories import build_site, make_article
from tests.support.topics import column, make_topic

HIT = "X-Page-Cache"


class TopicCacheTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.picked = make_article(cls.tree.xinzhou, "手选原标题")
        cls.tagged = make_article(cls.tree.taiyuan, "标签原标题", tags=["乡村振兴"])
        cls.other = make_article(cls.tree.shehui, "别处新闻", tags=["交通"])
        cls.topic = make_topic(
            cls.tree.home,
            "乡村振兴",
            slug="xczx",
            columns=[column("推荐", articles=[cls.picked]), column("动态", tag="乡村振兴")],
        )
        cls.unrelated_topic = make_topic(
            cls.tree.home, "交通专题", slug="jt", columns=[column("动态", tag="公交")]
        )

    def fetch(self, address):
        response = self.client.get(address)
        return response, response.headers.get(HIT) == "HIT"

    def assert_cached(self, *addresses):
        for address in addresses:
            self.fetch(address)
            self.assertTrue(self.fetch(address)[1], f"{address} was not served from the cache")

    def republish(self, article, title=None, tags=None):
        revision = article.get_latest_revision_as_object()
        if title:
            revision.title = title
        if tags is not None:
            revision.tags.set(tags)
        revision.save_revision().publish()

    def test_changing_a_hand_picked_article_refreshes_the_topic_and_its_feed(self):
        self.assert_cached("/zt/xczx/", "/zt/xczx/rss.xml", "/zt/jt/")
        self.republish(self.picked, title="手选新标题")
        for address in ("/zt/xczx/", "/zt/xczx/rss.xml"):
            with self.subTest(address=address):
                response, hit = self.fetch(address)
                self.assertFalse(hit)
                self.assertContains(response, "手选新标题")
        self.assertTrue(self.fetch("/zt/jt/")[1], "an unrelated topic was purged")

    def test_changing_an_article_found_by_tag_refreshes_the_topic(self):
        self.assert_cached("/zt/xczx/")
        self.republish(self.tagged, title="标签新标题")
        response, hit = self.fetch("/zt/xczx/")
        self.assertFalse(hit)
        self.assertContains(response, "标签新标题")

    def test_a_newly_tagged_article_joins_the_topic_at_once(self):
        self.assert_cached("/zt/xczx/")
        self.republish(self.other, tags=["乡村振兴"])
        response, hit = self.fetch("/zt/xczx/")
        self.assertFalse(hit)
        self.assertContains(response, "别处新闻")

    def test_an_article_whose_tag_is_taken_off_leaves_the_topic_at_once(self):
        self.assert_cached("/zt/xczx/", "/zt/xczx/rss.xml")
        self.republish(self.tagged, tags=["交通"])
        for address in ("/zt/xczx/", "/zt/xczx/rss.xml"):
            with self.subTest(address=address):
                response, hit = self.fetch(address)
                self.assertFalse(hit)
                self.assertNotContains(response, "标签原标题")

    def test_unpublishing_or_deleting_an_article_removes_it_from_the_topic(self):
        self.assert_cached("/zt/xczx/")
        self.picked.unpublish()
        self.assertNotContains(self.client.get("/zt/xczx/"), "手选原标题")
        self.assert_cached("/zt/xczx/")
        self.tagged.delete()
        response, hit = self.fetch("/zt/xczx/")
        self.assertFalse(hit)
        self.assertNotContains(response, "标签原标题")

    def test_publishing_a_topic_adds_the_back_link_to_its_articles_and_the_home_page(self):
        self.assert_cached(self.other.url, "/")
        make_topic(self.tree.home, "新专题", slug="new", columns=[column("动态", tag="交通")])
        response, hit = self.fetch(self.other.url)
        self.assertFalse(hit)
        self.assertContains(response, '<a href="/zt/new/">新专题</a>', html=True)
        self.assertContains(self.client.get("/"), "新专题")

    def test_unpublishing_a_topic_removes_its_page_and_back_links(self):
        self.assert_cached("/zt/xczx/", self.picked.url)
        self.topic.unpublish()
        self.assertEqual(self.client.get("/zt/xczx/").status_code, 404)
        self.assertEqual(self.client.get("/zt/xczx/rss.xml").status_code, 404)
        self.assertNotContains(self.client.get(self.picked.url), "所属专题")
