"""What a reader sees of a 专题: columns, feed, structured data, home page, back-links."""

import json
import re

from django.test import TestCase

import feedparser

from tests.support.factories import build_site, make_article, make_image
from tests.support.topics import column, make_topic
from topics.models import TopicArticle, TopicTagRule


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


class TopicPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.picked = make_article(cls.tree.xinzhou, "手选的老文章", minutes_ago=600)
        cls.tagged = [
            make_article(cls.tree.taiyuan, f"乡村新闻{index}", tags=["乡村振兴"], minutes_ago=index)
            for index in range(4)
        ]
        cls.unrelated = make_article(cls.tree.shehui, "无关新闻", tags=["交通"])
        cls.topic = make_topic(
            cls.tree.home,
            "乡村振兴专题",
            slug="xczx",
            intro="走进乡村。",
            banner_image=make_image(size=(1920, 640)),
            columns=[
                column("最新动态", tag="乡村振兴", count=3),
                column("编辑推荐", articles=[cls.picked, cls.tagged[3]], tag="乡村振兴", count=3),
            ],
        )

    def test_topic_lives_at_zt_slug(self):
        self.assertEqual(self.topic.url, "/zt/xczx/")
        response = self.client.get("/zt/xczx/")
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "topics/topic_page.html")

    def test_tag_rule_column_shows_the_newest_tagged_articles_up_to_its_count(self):
        columns = self.client.get("/zt/xczx/").context["columns"]
        self.assertEqual(
            [article.title for article in columns[0].articles],
            ["乡村新闻0", "乡村新闻1", "乡村新闻2"],
        )

    def test_hand_picked_articles_come_first_in_their_order_then_the_rule_fills(self):
        columns = self.client.get("/zt/xczx/").context["columns"]
        self.assertEqual(
            [article.title for article in columns[1].articles],
            ["手选的老文章", "乡村新闻3", "乡村新闻0"],
        )

    def test_unpublished_hand_picked_article_is_left_out(self):
        self.picked.unpublish()
        response = self.client.get("/zt/xczx/")
        self.assertNotContains(response, "手选的老文章")

    def test_canonical_open_graph_and_collection_page_json_ld(self):
        response = self.client.get("/zt/xczx/")
        self.assertContains(response, '<link rel="canonical" href="http://testserver/zt/xczx/">')
        self.assertContains(response, '<meta property="og:title" content="乡村振兴专题">')
        self.assertContains(response, '<meta property="og:image"')
        (data,) = json_ld(response)
        self.assertEqual(data["@type"], "CollectionPage")
        self.assertEqual(data["mainEntity"]["@type"], "ItemList")
        names = [item["name"] for item in data["mainEntity"]["itemListElement"]]
        # Every article once, in page order.
        self.assertEqual(
            names, ["乡村新闻0", "乡村新闻1", "乡村新闻2", "手选的老文章", "乡村新闻3"]
        )
        self.assertEqual(
            [item["position"] for item in data["mainEntity"]["itemListElement"]], [1, 2, 3, 4, 5]
        )

    def test_feed_lists_every_article_the_topic_draws_on_newest_first(self):
        response = self.client.get("/zt/xczx/rss.xml")
        self.assertEqual(response.status_code, 200)
        feed = feedparser.parse(response.content)
        titles = [entry.title for entry in feed.entries]
        self.assertEqual(
            titles, ["乡村新闻0", "乡村新闻1", "乡村新闻2", "乡村新闻3", "手选的老文章"]
        )
        self.assertEqual(feed.feed.title, "专题:乡村振兴专题 - 大院网")
        self.assertContains(self.client.get("/zt/xczx/"), 'href="/zt/xczx/rss.xml"')

    def test_topic_and_its_list_are_in_the_sitemap(self):
        sitemap = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("/zt/xczx/</loc>", sitemap)
        self.assertIn("/zt/</loc>", sitemap)

    def test_topic_list_shows_current_topics_first(self):
        make_topic(self.tree.home, "往期专题", slug="old", is_current=False)
        response = self.client.get("/zt/")
        self.assertEqual(response.status_code, 200)
        titles = [topic.title for topic in response.context["topics"]]
        self.assertEqual(titles, ["乡村振兴专题", "往期专题"])

    def test_home_page_links_current_topics_only(self):
        make_topic(self.tree.home, "往期专题", slug="old", is_current=False)
        response = self.client.get("/")
        self.assertContains(response, '<a href="/zt/xczx/">乡村振兴专题</a>', html=True)
        self.assertNotContains(response, "往期专题")

    def test_article_links_back_to_topics_that_contain_it_by_hand_or_by_tag(self):
        for article in (self.picked, self.tagged[0]):
            with self.subTest(article=article.title):
                response = self.client.get(article.url)
                self.assertContains(response, "所属专题")
                self.assertContains(response, '<a href="/zt/xczx/">乡村振兴专题</a>', html=True)
        self.assertNotContains(self.client.get(self.unrelated.url), "所属专题")

    def test_draft_topic_gives_no_back_link(self):
        make_topic(
            self.tree.home,
            "草稿专题",
            slug="draft",
            columns=[column("栏", tag="交通")],
            publish=False,
        )
        self.assertNotContains(self.client.get(self.unrelated.url), "草稿专题")

    def test_publishing_records_what_the_live_topic_draws_on(self):
        self.assertEqual(
            set(TopicArticle.objects.filter(topic=self.topic).values_list("article_id", flat=True)),
            {self.picked.pk, self.tagged[3].pk},
        )
        self.assertEqual(
            list(TopicTagRule.objects.filter(topic=self.topic).values_list("name", flat=True)),
            ["乡村振兴"],
        )

    def test_search_finds_topics_in_chinese(self):
        response = self.client.get("/search/", {"q": "乡村振兴专题"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "/zt/xczx/")

    def test_a_draft_builds_its_own_columns(self):
        draft = self.topic.get_latest_revision_as_object()
        draft.columns = [column("草稿子栏目", tag="交通")]
        self.assertEqual([c.title for c in draft.column_listings()], ["草稿子栏目"])
        self.assertEqual([a.title for a in draft.column_listings()[0].articles], ["无关新闻"])
