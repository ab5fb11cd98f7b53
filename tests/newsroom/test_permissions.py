"""Roles and city desks, through the admin's real views: who may write, edit, publish, moderate."""

from django.contrib.auth.models import Group
from django.test import TestCase

from wagtail.models import WorkflowPage

from news.models import ArticlePage, SectionPage
from tests.support.factories import make_article
from tests.support.newsroom import add_url, article_form, build_newsroom, edit_url

DENIED = (302, 403)


class NewsroomPermissionsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.xinzhou_article = make_article(cls.tree.xinzhou, "忻州已发布文章")
        cls.taiyuan_article = make_article(cls.tree.taiyuan, "太原已发布文章")

    def login(self, key):
        self.client.force_login(self.users[key])

    def assertDenied(self, response):
        self.assertIn(response.status_code, DENIED)
        if response.status_code == 302:
            self.assertNotIn("/edit/", response["Location"])

    # Reporters -------------------------------------------------------------

    def test_reporter_writes_in_own_city_and_submits_for_review(self):
        self.login("reporter_xinzhou")
        form = self.client.get(add_url(self.tree.xinzhou))
        self.assertEqual(form.status_code, 200)
        self.assertNotContains(form, 'name="action-publish"')
        self.assertContains(form, 'name="action-submit"')

        response = self.client.post(
            add_url(self.tree.xinzhou), article_form("忻州记者来稿", **{"action-submit": "1"})
        )
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(title="忻州记者来稿")
        self.assertFalse(article.live)
        self.assertEqual(article.owner, self.users["reporter_xinzhou"])
        self.assertTrue(article.workflow_in_progress)
        self.assertEqual(article.current_workflow_task.name, "编辑审核")

    def test_reporter_cannot_publish(self):
        self.login("reporter_xinzhou")
        response = self.client.post(
            add_url(self.tree.xinzhou), article_form("想直接发布", **{"action-publish": "1"})
        )
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(title="想直接发布")
        self.assertFalse(article.live)
        self.assertIsNone(article.first_published_at)

        edit = self.client.get(edit_url(article))
        self.assertEqual(edit.status_code, 200)
        self.assertNotContains(edit, 'name="action-publish"')
        self.client.post(edit_url(article), article_form("想直接发布", **{"action-publish": "1"}))
        article.refresh_from_db()
        self.assertFalse(article.live)

    def test_xinzhou_reporter_cannot_touch_taiyuan(self):
        self.login("reporter_xinzhou")
        self.assertDenied(self.client.get(edit_url(self.taiyuan_article)))
        self.assertDenied(self.client.get(add_url(self.tree.taiyuan)))
        response = self.client.post(
            edit_url(self.taiyuan_article),
            article_form("改别人的稿", **{"action-submit": "1"}),
        )
        self.assertDenied(response)
        self.taiyuan_article.refresh_from_db()
        self.assertEqual(self.taiyuan_article.get_latest_revision().object_str, "太原已发布文章")
        self.assertDenied(self.client.post(f"/admin/pages/{self.taiyuan_article.pk}/unpublish/"))
        self.assertTrue(ArticlePage.objects.get(pk=self.taiyuan_article.pk).live)

    def test_reporter_cannot_edit_a_colleagues_article(self):
        self.login("reporter_xinzhou")
        self.assertDenied(self.client.get(edit_url(self.xinzhou_article)))

    def test_reporter_cannot_moderate_comments(self):
        self.login("reporter_xinzhou")
        self.assertDenied(self.client.get("/admin/snippets/comments/comment/"))

    # Desk editors ----------------------------------------------------------

    def test_desk_editor_edits_own_desk_but_cannot_publish(self):
        self.login("desk_xinzhou")
        response = self.client.get(edit_url(self.xinzhou_article))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="action-publish"')
        self.assertNotContains(
            response, f'action="/admin/pages/{self.xinzhou_article.pk}/unpublish/'
        )

    def test_desk_editor_cannot_touch_another_desk(self):
        self.login("desk_xinzhou")
        self.assertDenied(self.client.get(edit_url(self.taiyuan_article)))
        self.assertDenied(self.client.get(add_url(self.tree.taiyuan)))

    # Chief editor and moderator ----------------------------------------------

    def test_chief_editor_publishes_everywhere(self):
        self.login("chief")
        for section in (self.tree.xinzhou, self.tree.taiyuan, self.tree.shehui):
            title = f"{section.title}主编发稿"
            response = self.client.post(
                add_url(section), article_form(title, **{"action-publish": "1"})
            )
            self.assertEqual(response.status_code, 302, title)
            article = ArticlePage.objects.get(title=title)
            self.assertTrue(article.live, title)
            # Publishing directly makes the chief the responsible editor.
            self.assertEqual(article.responsible_editor, "赵志强")
        self.assertEqual(self.client.get(edit_url(self.taiyuan_article)).status_code, 200)

    def test_comment_moderator_moderates_but_cannot_edit_articles(self):
        self.login("moderator")
        self.assertEqual(self.client.get("/admin/snippets/comments/comment/").status_code, 200)
        self.assertDenied(self.client.get(edit_url(self.xinzhou_article)))
        self.assertDenied(self.client.get(add_url(self.tree.xinzhou)))


class NewSectionTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def add_section(self, parent, title, slug, is_city=False):
        data = {
            "title": title,
            "slug": slug,
            "intro": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "action-publish": "1",
        }
        if is_city:
            data["is_city"] = "on"
        response = self.client.post(f"/admin/pages/add/news/sectionpage/{parent.pk}/", data)
        self.assertEqual(response.status_code, 302)
        return SectionPage.objects.get(slug=slug)

    def test_a_new_city_gets_its_desk_and_a_new_top_section_the_workflow(self):
        self.client.force_login(self.users["chief"])
        datong = self.add_section(self.tree.gsyl, "大同", "datong", is_city=True)
        self.assertEqual(Group.objects.filter(name__in=["大同记者", "大同编辑"]).count(), 2)
        self.assertFalse(WorkflowPage.objects.filter(page=datong).exists())  # inherits 各市要闻's
        tiyu = self.add_section(self.tree.home, "体育", "tiyu")
        self.assertEqual(WorkflowPage.objects.get(page=tiyu).workflow.name, "新闻稿件两审")
