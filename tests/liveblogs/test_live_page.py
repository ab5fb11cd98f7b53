"""The live page readers see: entries, JSON-LD, canonical and Open Graph, open or closed."""

import json
import re

from django.test import TestCase

from wagtail.test.utils import WagtailPageTestCase

from liveblogs.entries import set_closed
from liveblogs.models import LiveBlogPage
from news.models import ArticlePage, SectionPage
from tests.support.factories import build_site
from tests.support.liveblogs import add_entry, make_live_blog
from tests.support.newsroom import article_form

HIT = "X-Page-Cache"


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


class LivePageTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.blog = make_live_blog(cls.tree.xinzhou, entries=3)

    def test_lives_in_sections_at_an_article_address(self):
        self.assertCanCreateAt(SectionPage, LiveBlogPage)
        self.assertCanNotCreateAt(LiveBlogPage, ArticlePage)
        self.assertEqual(self.blog.url, f"/gsyl/xinzhou/{self.blog.article_number}.html")
        self.assertTrue(LiveBlogPage.push_to_search_engines)

    def test_open_live_page_polls_and_shows_every_entry(self):
        response = self.client.get(self.blog.url)
        html = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(html.count('class="live-entry"'), 3)
        self.assertIn("直播中", html)
        self.assertIn(f'data-live-url="/live/{self.blog.article_number}/entries.json"', html)
        self.assertIn('data-poll-seconds="15"', html)
        self.assertIn("js/live-blog", html)
        self.assertNotIn("<script>", html)  # the CSP: no inline script

    def test_canonical_open_graph_and_live_blog_posting(self):
        html = self.client.get(self.blog.url).content.decode()
        address = f"http://localhost{self.blog.url}" if "http://localhost" in html else None
        self.assertRegex(html, rf'<link rel="canonical" href="[^"]*{re.escape(self.blog.url)}">')
        self.assertIn('<meta property="og:title" content="图文直播:忻州马拉松">', html)
        data = json_ld(html)
        self.assertEqual(data["@type"], "LiveBlogPosting")
        self.assertIn("coverageStartTime", data)
        self.assertNotIn("coverageEndTime", data)
        self.assertEqual(len(data["liveBlogUpdate"]), 3)
        self.assertEqual(data["liveBlogUpdate"][0]["@type"], "BlogPosting")
        self.assertIn("第3条进展", data["liveBlogUpdate"][0]["articleBody"])
        self.assertTrue(data["url"].endswith(self.blog.url), address)

    def test_closed_live_blog_is_an_archive(self):
        set_closed(self.blog, True, None)
        html = self.client.get(self.blog.url).content.decode()
        self.assertNotIn("data-live-url", html)
        self.assertNotIn("live-blog.js", html)
        self.assertNotIn("直播中", html)
        self.assertIn("直播已结束", html)
        self.assertEqual(html.count('class="live-entry"'), 3)
        self.assertIn("coverageEndTime", json_ld(html))

    def test_closing_is_kept_when_the_page_is_published_again(self):
        set_closed(self.blog, True, None)
        blog = LiveBlogPage.objects.get(pk=self.blog.pk)
        blog.title = "图文直播:忻州马拉松(回顾)"
        blog.save_revision().publish()
        self.assertIsNotNone(LiveBlogPage.objects.get(pk=self.blog.pk).closed_at)

    def test_cached_page_is_refreshed_when_an_entry_is_added(self):
        self.client.get(self.blog.url)
        self.assertEqual(self.client.get(self.blog.url).headers.get(HIT), "HIT")
        with self.captureOnCommitCallbacks(execute=True):
            add_entry(self.blog, "<p>男子组冠军冲线。</p>", headline="冠军诞生")
        response = self.client.get(self.blog.url)
        self.assertIsNone(response.headers.get(HIT))
        self.assertContains(response, "冠军诞生")

    def test_closing_refreshes_the_cached_page(self):
        self.client.get(self.blog.url)
        with self.captureOnCommitCallbacks(execute=True):
            set_closed(self.blog, True, None)
        self.assertContains(self.client.get(self.blog.url), "直播已结束")

    def test_entry_markup_is_escaped_or_cleaned(self):
        with self.captureOnCommitCallbacks(execute=True):
            add_entry(
                self.blog,
                '<p>正文<script>alert(1)</script><img src=x onerror="alert(2)"></p>',
                headline="<b>小标题</b>",
                image_caption='"><script>alert(3)</script>',
            )
        html = self.client.get(self.blog.url).content.decode()
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("onerror", html)
        self.assertIn("&lt;b&gt;小标题&lt;/b&gt;", html)

    def test_preview_renders_without_polling(self):
        data = article_form("直播预览", coverage_start="2026-10-18 07:30:00")
        self.assertPageIsPreviewable(self.blog, post_data=data)

    def test_search_finds_live_blogs_by_title_and_entry_text(self):
        with self.captureOnCommitCallbacks(execute=True):
            add_entry(self.blog, "<p>补给站准备了沙棘汁。</p>")
        for query in ("马拉松", "沙棘汁"):
            with self.subTest(query=query):
                self.assertContains(self.client.get("/search/", {"q": query}), self.blog.url)


class ReaderSeesSectionListingTest(TestCase):
    def test_live_blog_is_listed_in_its_section(self):
        tree = build_site()
        blog = make_live_blog(tree.xinzhou)
        self.assertContains(self.client.get("/gsyl/xinzhou/"), blog.title)


class DeletingALiveBlogTest(TestCase):
    def test_deleting_a_live_blog_with_entries_leaves_nothing_behind(self):
        tree = build_site()
        blog = make_live_blog(tree.xinzhou, entries=3)
        url = blog.url
        self.client.get(url)
        with self.captureOnCommitCallbacks(execute=True):
            LiveBlogPage.objects.get(pk=blog.pk).delete()
        self.assertFalse(LiveBlogPage.objects.filter(pk=blog.pk).exists())
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get("/search/", {"q": "进展"}), url)
