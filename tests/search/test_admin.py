"""Editors search for articles in the Wagtail admin by Chinese words."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from tests.support.factories import build_site, make_article


class AdminPageSearchTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        cls.article = make_article(tree.xinzhou, "忻州部署疫情防控二十条措施")
        cls.other = make_article(tree.taiyuan, "太原发布出行提示")
        cls.draft = make_article(tree.taiyuan, "待审稿件:防控工作简报", publish=False)
        cls.user = get_user_model().objects.create_superuser("editor", password="x")

    def setUp(self):
        self.client.force_login(self.user)

    def search(self, query):
        response = self.client.get("/admin/pages/search/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return response

    def test_page_search_finds_words_inside_titles(self):
        response = self.search("防控")
        self.assertContains(response, "忻州部署疫情防控二十条措施")
        self.assertContains(response, "待审稿件:防控工作简报")  # drafts too: editors need them
        self.assertNotContains(response, "太原发布出行提示")

    def test_page_search_uses_all_words_and_prefixes(self):
        self.assertContains(self.search("忻州 二十条"), "忻州部署疫情防控二十条措施")
        self.assertNotContains(self.search("二十条规定"), "忻州部署疫情防控二十条措施")
        self.assertContains(self.search("出行提"), "太原发布出行提示")

    def test_page_chooser_search(self):
        response = self.client.get("/admin/choose-page/search/", {"q": "疫情"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "忻州部署疫情防控二十条措施")
