"""Entries skip the page's review: the content check and the video allowlist stand in for it."""

from django.test import TestCase
from django.utils.html import escape

from contentcheck.models import Misspelling, PublishingWord
from liveblogs.models import LiveBlogEntry
from tests.liveblogs.test_admin_entries import entry_form, screen
from tests.support.liveblogs import make_live_blog
from tests.support.newsroom import PASSWORD, build_newsroom

BILIBILI = "https://www.bilibili.com/video/BV1xx411c7mD/"


class EntryContentCheckTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.blog = make_live_blog(cls.tree.xinzhou, entries=0)
        PublishingWord.objects.create(word="内部资料", level=PublishingWord.Level.BLOCK)
        Misspelling.objects.get_or_create(wrong="做为", defaults={"correct": "作为"})

    def setUp(self):
        self.assertTrue(self.client.login(username="desk_xinzhou", password=PASSWORD))

    def test_a_blocking_word_keeps_the_entry_off_the_page_and_names_the_place(self):
        response = self.client.post(
            screen(self.blog), entry_form("<p>这份内部资料显示赛道调整。</p>")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "“内部资料”不能发布")
        self.assertContains(response, "直播条目 第3字")
        self.assertFalse(LiveBlogEntry.objects.filter(blog=self.blog).exists())

    def test_a_word_hidden_by_separators_is_still_found(self):
        response = self.client.post(screen(self.blog), entry_form("<p>内 部·资 料</p>"))
        self.assertContains(response, "不能发布")
        self.assertFalse(LiveBlogEntry.objects.filter(blog=self.blog).exists())

    def test_a_misspelling_does_not_block_the_entry(self):
        self.client.post(screen(self.blog), entry_form("<p>做为志愿者,他坚守补给站。</p>"))
        self.assertTrue(LiveBlogEntry.objects.filter(blog=self.blog).exists())

    def test_the_fixed_text_goes_out(self):
        self.client.post(screen(self.blog), entry_form("<p>公开资料显示赛道调整。</p>"))
        self.client.logout()
        self.assertContains(self.client.get(self.blog.url), "公开资料显示赛道调整")


class EntryVideoTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.blog = make_live_blog(cls.tree.xinzhou, entries=0)

    def setUp(self):
        self.assertTrue(self.client.login(username="desk_xinzhou", password=PASSWORD))

    def test_an_allowed_host_is_shown_as_its_player(self):
        self.client.post(screen(self.blog), entry_form(video_url=BILIBILI))
        entry = LiveBlogEntry.objects.get(blog=self.blog)
        self.client.logout()
        page = self.client.get(self.blog.url)
        self.assertContains(page, f'<iframe src="{escape(entry.video_embed.player_url)}"')
        self.assertIn("player.bilibili.com", entry.video_embed.player_url)

    def test_other_hosts_are_refused_with_a_chinese_message(self):
        for address in (
            "https://example.com/video/1",
            "https://bilibili.com.evil.example/video/BV1xx411c7mD",
            "https://v.qq.com/",
        ):
            with self.subTest(address=address):
                response = self.client.post(screen(self.blog), entry_form(video_url=address))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "视频")
                self.assertFalse(LiveBlogEntry.objects.filter(blog=self.blog).exists())
