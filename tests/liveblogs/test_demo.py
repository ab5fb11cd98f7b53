"""The demo's live blog: one closed 忻州 live blog with eight entries, created once."""

from django.test import TestCase

from liveblogs.demo import DEMO_LIVE_BLOG_NUMBER, ensure_demo_live_blog
from liveblogs.models import LiveBlogPage
from tests.support.factories import build_site, make_image


class DemoLiveBlogTest(TestCase):
    def test_one_closed_live_blog_with_eight_entries_created_once(self):
        build_site()
        make_image()
        self.assertEqual(ensure_demo_live_blog(), 1)
        self.assertEqual(ensure_demo_live_blog(), 0)
        blog = LiveBlogPage.objects.get()
        self.assertTrue(blog.live)
        self.assertTrue(blog.is_closed)
        self.assertEqual(blog.article_number, DEMO_LIVE_BLOG_NUMBER)
        self.assertEqual(blog.entries.count(), 8)
        self.assertEqual(blog.url, f"/gsyl/xinzhou/{DEMO_LIVE_BLOG_NUMBER}.html")
        response = self.client.get(blog.url)
        self.assertContains(response, "直播已结束")
        self.assertNotContains(response, "data-live-url")
