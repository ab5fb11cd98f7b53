"""主编终审 is held while a blocking word remains; earlier steps only show the findings."""

import json

from django.test import TestCase

from contentcheck.models import PublishingWord
from news.models import ArticlePage
from tests.support.factories import make_article
from tests.support.newsroom import add_url, article_form, build_newsroom, edit_url

DIRTY = "<p>会议纪要属于内部资料,做为参考。</p>"
CLEAN = "<p>会议纪要已经公开,作为参考。</p>"


def action_url(article, action):
    state = article.current_workflow_task_state
    return f"/admin/pages/workflow/action/{article.pk}/{action}/{state.pk}/"


class FinalApprovalTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        PublishingWord.objects.create(word="内部资料", level=PublishingWord.Level.BLOCK)

    def login(self, key):
        self.client.force_login(self.users[key])

    def submit(self, body=DIRTY, title="忻州召开秋粮收购会议"):
        self.login("reporter_xinzhou")
        response = self.client.post(
            add_url(self.tree.xinzhou), article_form(title, body=body, **{"action-submit": "1"})
        )
        self.assertEqual(response.status_code, 302)
        return ArticlePage.objects.get(title=title)

    def to_chief(self, article):
        self.login("desk_xinzhou")
        self.client.post(action_url(article, "approve"))
        article.refresh_from_db()
        self.assertEqual(article.current_workflow_task.name, "主编终审")
        return article

    def approve_in_editor(self, article, body):
        self.login("chief")
        data = article_form(
            article.title,
            body=body,
            **{
                "action-workflow-action": "1",
                "workflow-action-name": "approve",
                "workflow-action-extra-data": json.dumps({}),
            },
        )
        return self.client.post(edit_url(article), data, follow=True)

    def test_submitting_is_not_held_but_the_reporter_is_told(self):
        self.login("reporter_xinzhou")
        response = self.client.post(
            add_url(self.tree.xinzhou),
            article_form("忻州召开会议", body=DIRTY, **{"action-submit": "1"}),
            follow=True,
        )
        article = ArticlePage.objects.get(title="忻州召开会议")
        self.assertTrue(article.workflow_in_progress)
        # The summary is taken from the first paragraph, so the word is there twice.
        self.assertContains(response, "2 处必须修改的敏感词")
        self.assertContains(response, "“做为”可能应为“作为”")

    def test_desk_editor_may_pass_it_on_with_the_findings(self):
        article = self.to_chief(self.submit())
        self.assertFalse(article.live)

    def test_editor_shows_each_finding_with_block_and_position(self):
        article = self.to_chief(self.submit())
        self.login("chief")
        response = self.client.get(edit_url(article))
        self.assertContains(response, "正文 第1个正文段落 第7字:敏感词(必须修改)“内部资料”")
        self.assertContains(response, "正文 第1个正文段落 第12字:“做为”可能应为“作为”")

    def test_chief_cannot_approve_in_the_editor_until_the_word_is_gone(self):
        article = self.to_chief(self.submit())
        response = self.approve_in_editor(article, DIRTY)
        article.refresh_from_db()
        self.assertFalse(article.live)
        self.assertEqual(article.current_workflow_task.name, "主编终审")
        self.assertContains(response, "内容检查未通过")
        self.assertContains(response, "“内部资料”")

        # Fixing the word in the same form and approving publishes the fixed text.
        response = self.approve_in_editor(article, CLEAN)
        article.refresh_from_db()
        self.assertTrue(article.live)
        self.assertIn("已经公开", str(article.body))

    def test_an_edit_that_keeps_the_word_is_saved_as_a_draft_not_approved(self):
        article = self.to_chief(self.submit())
        response = self.approve_in_editor(article, "<p>改过的稿子仍有内部资料。</p>")
        article.refresh_from_db()
        self.assertFalse(article.live)
        self.assertContains(response, "你的修改已保存为草稿")
        draft = article.get_latest_revision_as_object()
        self.assertIn("改过的稿子", str(draft.body))

    def test_chief_cannot_approve_from_the_review_buttons_either(self):
        article = self.to_chief(self.submit())
        self.login("chief")
        response = self.client.post(action_url(article, "approve"))
        self.assertRedirects(
            response, f"/admin/contentcheck/page/{article.pk}/?refused=1", target_status_code=200
        )
        article.refresh_from_db()
        self.assertFalse(article.live)
        report = self.client.get(response["Location"])
        self.assertContains(report, "终审未通过")
        self.assertContains(report, "正文 第1个正文段落 第7字")

        # Once the draft is fixed (the chief saves the fix), the same button approves.
        self.client.post(edit_url(article), article_form(article.title, body=CLEAN))
        self.client.post(action_url(article, "approve"))
        article.refresh_from_db()
        self.assertTrue(article.live)

    def test_a_warning_word_does_not_hold_approval(self):
        word = PublishingWord.objects.get(word="内部资料")
        word.level = PublishingWord.Level.WARN
        word.save()
        article = self.to_chief(self.submit())
        self.approve_in_editor(article, DIRTY)
        article.refresh_from_db()
        self.assertTrue(article.live)

    def test_direct_publish_is_held_too(self):
        self.login("chief")
        self.client.post(add_url(self.tree.taiyuan), article_form("太原草稿", body=CLEAN))
        article = ArticlePage.objects.get(title="太原草稿")
        response = self.client.post(
            edit_url(article),
            article_form(article.title, body=DIRTY, **{"action-publish": "1"}),
            follow=True,
        )
        article.refresh_from_db()
        self.assertFalse(article.live)
        self.assertContains(response, "不能通过终审或发布")
        self.client.post(
            edit_url(article), article_form(article.title, body=CLEAN, **{"action-publish": "1"})
        )
        article.refresh_from_db()
        self.assertTrue(article.live)

    def test_bulk_publish_publishes_none_while_one_is_held(self):
        clean = make_article(self.tree.taiyuan, "太原干净稿", publish=False)
        dirty = make_article(
            self.tree.taiyuan, "太原问题稿", publish=False, body=[("paragraph", DIRTY)]
        )
        self.login("chief")
        url = f"/admin/bulk/wagtailcore/page/publish/?id={clean.pk}&id={dirty.pk}"
        response = self.client.post(url, follow=True)
        self.assertContains(response, "本次没有发布任何页面")
        clean.refresh_from_db()
        dirty.refresh_from_db()
        self.assertFalse(clean.live or dirty.live)

        dirty.body = [("paragraph", CLEAN)]
        dirty.save_revision()
        self.client.post(url)
        dirty.refresh_from_db()
        self.assertTrue(dirty.live)
