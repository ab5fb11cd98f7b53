"""Editing help: tag suggestions, summaries, duplicate titles, phone previews, corrections."""

import datetime

from django.test import TestCase
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import streamfield

from news.models import ArticlePage
from news.text import first_paragraph
from newsroom.suggestions import suggest_tags
from tests.support.factories import make_article
from tests.support.newsroom import add_url, article_form, build_newsroom, edit_url

EPIDEMIC_TEXT = (
    "忻州市召开疫情防控工作会议。会议强调,要把疫情防控各项工作落到实处,"
    "加强重点场所疫情防控,做好核酸检测和疫苗接种工作,坚决守住疫情防控底线。"
    "各县区要压实防控责任,确保疫情防控工作不留死角。"
)


class TagSuggestionTest(TestCase):
    def test_keywords_of_a_chinese_text(self):
        tags = suggest_tags(EPIDEMIC_TEXT)
        self.assertIn("疫情", tags)
        self.assertIn("防控", tags)
        self.assertLessEqual(len(tags), 8)
        self.assertTrue(all(len(tag) >= 2 for tag in tags))

    def test_existing_tags_and_empty_text(self):
        self.assertNotIn("疫情", suggest_tags(EPIDEMIC_TEXT, exclude=["疫情"]))
        self.assertEqual(suggest_tags("   "), [])


class EditorHelpTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def setUp(self):
        self.client.force_login(self.users["reporter_xinzhou"])

    def create(self, title, body="<p>第一段。</p>", **fields):
        response = self.client.post(
            add_url(self.tree.xinzhou), article_form(title, body=body, **fields)
        )
        self.assertEqual(response.status_code, 302)
        return ArticlePage.objects.get(title=title)

    def test_suggestions_api_answers_with_keywords(self):
        response = self.client.post(
            "/admin/newsroom/tag-suggestions/",
            {"title": "忻州部署疫情防控", "text": EPIDEMIC_TEXT, "existing": "防控"},
        )
        self.assertEqual(response.status_code, 200)
        tags = response.json()["tags"]
        self.assertIn("疫情", tags)
        self.assertNotIn("防控", tags)
        self.assertEqual(self.client.get("/admin/newsroom/tag-suggestions/").status_code, 405)
        self.client.logout()
        anonymous = self.client.post("/admin/newsroom/tag-suggestions/", {"text": EPIDEMIC_TEXT})
        self.assertEqual(anonymous.status_code, 302)
        self.assertIn("/admin/login/", anonymous["Location"])

    def test_editor_shows_suggestions_from_the_saved_text(self):
        article = self.create("忻州部署疫情防控", body=f"<p>{EPIDEMIC_TEXT}</p>", tags="会议")
        response = self.client.get(edit_url(article))
        self.assertContains(response, "标签建议")
        self.assertContains(response, 'data-newsroom-tag="疫情"')
        self.assertNotContains(response, 'data-newsroom-tag="会议"')
        self.assertContains(response, "/static/js/newsroom-editor.js")

    def test_empty_summary_is_taken_from_the_first_paragraph(self):
        article = self.create("导语留空", body="<p>  市区新开通三条公交线路,方便市民出行。</p>")
        self.assertEqual(article.summary, "市区新开通三条公交线路,方便市民出行。")
        revision = article.get_latest_revision_as_object()
        self.assertEqual(revision.summary, "市区新开通三条公交线路,方便市民出行。")
        kept = self.create("导语已填写", summary="编辑写的导语。")
        self.assertEqual(kept.summary, "编辑写的导语。")

    def test_long_first_paragraph_is_cut(self):
        body = ArticlePage(body=[("paragraph", "<p>" + "长" * 300 + "</p>")]).body
        summary = first_paragraph(body)
        self.assertEqual(len(summary), 120)
        self.assertTrue(summary.endswith("…"))

    def test_same_title_in_the_last_30_days_warns_but_saves(self):
        make_article(self.tree.taiyuan, "全市秋粮收购工作启动", article_number=8001)
        response = self.client.post(
            add_url(self.tree.xinzhou), article_form("全市秋粮收购工作启动"), follow=True
        )
        self.assertEqual(response.status_code, 200)
        messages = [str(message) for message in response.context["messages"]]
        warning = next(message for message in messages if "同名文章" in message)
        self.assertIn("近 30 天内已有同名文章《全市秋粮收购工作启动》", warning)
        self.assertIn("太原", warning)
        self.assertIn("8001", warning)
        self.assertEqual(ArticlePage.objects.filter(title="全市秋粮收购工作启动").count(), 2)

    def test_old_or_different_titles_do_not_warn(self):
        old = make_article(self.tree.taiyuan, "冬季供暖准备就绪")
        long_ago = timezone.now() - datetime.timedelta(days=45)
        ArticlePage.objects.filter(pk=old.pk).update(
            first_published_at=long_ago,
            latest_revision_created_at=long_ago,
            publish_time=long_ago,
        )
        for title in ("冬季供暖准备就绪", "另一个标题"):
            response = self.client.post(
                add_url(self.tree.xinzhou), article_form(title), follow=True
            )
            messages = [str(message) for message in response.context["messages"]]
            self.assertFalse([message for message in messages if "同名文章" in message], title)

    def test_previews_start_at_phone_width(self):
        article = make_article(self.tree.xinzhou, "预览测试")
        self.assertEqual(article.default_preview_size, "mobile")
        self.assertEqual(article.preview_sizes[0]["device_width"], 375)
        self.assertPageIsPreviewable(article, post_data=article_form("预览测试"))
        self.client.force_login(self.users["chief"])
        response = self.client.get(edit_url(article))
        self.assertContains(response, "手机预览(375 像素)")


class CorrectionsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def test_chief_adds_a_dated_correction_that_readers_see_under_the_title(self):
        article = make_article(self.tree.xinzhou, "滨河公园开园")
        self.client.get(article.url)  # cached for readers now
        self.client.force_login(self.users["chief"])
        correction = {"date": "2026-11-20", "text": "原文中公园面积有误,已更正为 12 公顷。"}
        response = self.client.post(
            edit_url(article),
            article_form(
                "滨河公园开园",
                corrections=streamfield([("correction", correction)]),
                **{"action-publish": "1"},
            ),
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        html = self.client.get(article.url).content.decode()
        self.assertIn("原文中公园面积有误,已更正为 12 公顷。", html)
        self.assertIn('<time datetime="2026-11-20">2026-11-20</time>', html)
        title, correction_at, body = (
            html.index('class="article__title"'),
            html.index('class="article__corrections"'),
            html.index('class="article__body"'),
        )
        self.assertLess(title, correction_at)
        self.assertLess(correction_at, body)

    def test_article_without_corrections_shows_none(self):
        article = make_article(self.tree.xinzhou, "没有更正")
        self.assertNotContains(self.client.get(article.url), "article__corrections")
