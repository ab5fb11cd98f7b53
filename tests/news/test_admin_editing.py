"""Editors in the admin: creating articles, Chinese labels, the live address."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from news.models import ArticlePage
from tests.support.factories import build_site, make_article


class ArticleAdminTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.user = get_user_model().objects.create_superuser("chief", password="x")

    def setUp(self):
        self.client.force_login(self.user)

    def test_create_form_is_grouped_and_labelled_in_chinese(self):
        response = self.client.get(f"/admin/pages/add/news/articlepage/{self.tree.xinzhou.pk}/")
        self.assertEqual(response.status_code, 200)
        for label in [
            "内容",
            "推广",
            "设置",
            "网络编辑",
            "来源",
            "发布时间",
            "题图",
            "头条",
            "幻灯",
        ]:
            self.assertContains(response, label)

    def test_editor_publishes_an_article_through_the_admin(self):
        data = nested_form_data(
            {
                "title": "忻州举行秋季运动会",
                "slug": "",
                "short_title": "",
                "summary": "",
                "editor_name": "网络编辑",
                "source": "大院网",
                "publish_time": "2026-11-17 18:02:44",
                "tags": "运动会, 体育",
                "body": streamfield([("paragraph", rich_text("<p>运动会在市体育中心开幕。</p>"))]),
                "corrections": streamfield([]),
                "copyright_statement": "",
                "seo_title": "",
                "search_description": "",
                "action-publish": "publish",
            }
        )
        response = self.client.post(
            f"/admin/pages/add/news/articlepage/{self.tree.xinzhou.pk}/", data
        )
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(title="忻州举行秋季运动会")
        self.assertTrue(article.live)
        self.assertIsNotNone(article.article_number)
        self.assertEqual(article.region, self.tree.xinzhou)
        self.assertEqual(sorted(tag.name for tag in article.tags.all()), ["体育", "运动会"])
        self.assertEqual(article.publish_time.strftime("%Y-%m-%d %H:%M:%S"), "2026-11-17 10:02:44")
        page = self.client.get(f"/gsyl/xinzhou/{article.article_number}.html")
        self.assertContains(page, "2026-11-17 18:02:44")

    def test_view_live_link_uses_the_html_address(self):
        article = make_article(self.tree.xinzhou, "已发布文章", article_number=3697)
        response = self.client.get(f"/admin/pages/{article.pk}/edit/")
        self.assertContains(response, 'href="/gsyl/xinzhou/3697.html"')

    def test_section_edit_form_has_city_switch(self):
        response = self.client.get(f"/admin/pages/{self.tree.xinzhou.pk}/edit/")
        self.assertContains(response, "城市频道")
