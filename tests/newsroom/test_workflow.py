"""Two-step review (编辑审核 → 主编终审): transitions, desks, rejection reasons, 责任编辑."""

import json

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.models import WorkflowState

from news.models import ArticlePage
from newsroom import roles
from newsroom.desks import put_on_desk
from tests.support.newsroom import add_url, article_form, build_newsroom, edit_url


def assert_refused(test, response):
    """Wagtail answers a refused admin action with 403, or a redirect to the dashboard."""
    test.assertIn(response.status_code, (302, 403))
    if response.status_code == 302:
        test.assertEqual(response["Location"], "/admin/")


def panel(response, panel_id):
    """The HTML of one dashboard panel (messages elsewhere on the page may repeat titles)."""
    html = response.content.decode()
    start = html.index(f'id="{panel_id}-section"')
    return html[start : html.index("</section>", start)]


def action_url(article, action):
    state = article.current_workflow_task_state
    return f"/admin/pages/workflow/action/{article.pk}/{action}/{state.pk}/"


class ReviewWorkflowTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def login(self, key):
        self.client.force_login(self.users[key])

    def submit(self, title="忻州新建三所幼儿园"):
        self.login("reporter_xinzhou")
        response = self.client.post(
            add_url(self.tree.xinzhou),
            article_form(
                title,
                body="<p>今年忻州新建三所公办幼儿园,新增学位九百个。</p>",
                **{"action-submit": "1"},
            ),
        )
        self.assertEqual(response.status_code, 302)
        return ArticlePage.objects.get(title=title)

    def act(self, key, article, action, comment=None, xhr=False):
        self.login(key)
        data = {} if comment is None else {"comment": comment}
        headers = {"X-Requested-With": "XMLHttpRequest"} if xhr else {}
        return self.client.post(action_url(article, action), data, headers=headers)

    def test_article_goes_live_after_desk_and_chief_approval(self):
        article = self.submit()
        self.assertEqual(article.current_workflow_task.name, "编辑审核")

        # The chief is not a member of the desk step's group.
        self.login("chief")
        assert_refused(self, self.client.post(action_url(article, "approve")))
        article.refresh_from_db()
        self.assertEqual(article.current_workflow_task.name, "编辑审核")

        self.act("desk_xinzhou", article, "approve")
        article.refresh_from_db()
        self.assertFalse(article.live)
        self.assertEqual(article.current_workflow_task.name, "主编终审")
        self.assertEqual(article.responsible_editor, "张建国")

        # A desk editor cannot give the final approval.
        self.login("desk_xinzhou")
        assert_refused(self, self.client.post(action_url(article, "approve")))
        article.refresh_from_db()
        self.assertFalse(article.live)

        self.act("chief", article, "approve")
        article.refresh_from_db()
        self.assertTrue(article.live)
        self.assertEqual(article.responsible_editor, "张建国")
        self.assertEqual(
            WorkflowState.objects.for_instance(article).get().status,
            WorkflowState.STATUS_APPROVED,
        )
        self.client.logout()
        page = self.client.get(article.url)
        self.assertContains(page, "责任编辑:张建国")

    def test_only_the_articles_desk_reviews_it(self):
        article = self.submit()
        self.login("desk_taiyuan")
        assert_refused(self, self.client.post(action_url(article, "approve")))
        article.refresh_from_db()
        self.assertEqual(article.current_workflow_task.name, "编辑审核")
        queue = panel(self.client.get("/admin/"), "newsroom-review-queue")
        self.assertNotIn("忻州新建三所幼儿园", queue)
        self.login("desk_xinzhou")
        queue = panel(self.client.get("/admin/"), "newsroom-review-queue")
        self.assertIn("待我审核的稿件", queue)
        self.assertIn("忻州新建三所幼儿园", queue)
        self.assertIn("王晓燕", queue)
        self.assertIn("编辑审核", queue)

    def test_editor_sees_approve_and_reject_in_the_editor(self):
        article = self.submit()
        self.login("desk_xinzhou")
        response = self.client.get(edit_url(article))
        self.assertContains(response, "退回修改")
        self.assertContains(response, "通过")

    def test_rejection_needs_a_reason(self):
        article = self.submit()
        response = self.act("desk_xinzhou", article, "reject", comment="", xhr=True)
        self.assertIn("请填写退回理由", response.json()["html"])
        self.act("desk_xinzhou", article, "reject", comment="  ")
        article.refresh_from_db()
        self.assertTrue(article.workflow_in_progress)

        # The editor's own form sends the modal's data unvalidated: refused too.
        self.login("desk_xinzhou")
        data = article_form(
            article.title,
            **{
                "action-workflow-action": "1",
                "workflow-action-name": "reject",
                "workflow-action-extra-data": json.dumps({"comment": ""}),
            },
        )
        assert_refused(self, self.client.post(edit_url(article), data))
        article.refresh_from_db()
        self.assertTrue(article.workflow_in_progress)

    def test_reporter_sees_the_rejection_reason_and_resubmits(self):
        article = self.submit()
        reason = "数字需要核实:请补充教育局的数据来源。"
        self.act("desk_xinzhou", article, "reject", comment=reason)
        article.refresh_from_db()
        self.assertFalse(article.workflow_in_progress)
        self.assertEqual(
            WorkflowState.objects.for_instance(article).get().status,
            WorkflowState.STATUS_NEEDS_CHANGES,
        )

        self.login("reporter_xinzhou")
        editor = self.client.get(edit_url(article))
        self.assertContains(editor, "稿件已被退回修改")
        self.assertContains(editor, reason)
        self.assertContains(editor, "张建国")
        returned = panel(self.client.get("/admin/"), "newsroom-returned")
        self.assertIn("退回修改的稿件", returned)
        self.assertIn(reason, returned)

        # Fixed and submitted again: back to the desk step, the reason no longer shown.
        response = self.client.post(
            edit_url(article),
            article_form(
                article.title,
                body="<p>据市教育局统计,今年新建三所公办幼儿园。</p>",
                **{"action-submit": "1"},
            ),
        )
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertTrue(article.workflow_in_progress)
        self.assertEqual(article.current_workflow_task.name, "编辑审核")
        self.assertNotContains(self.client.get(edit_url(article)), reason)

    def test_chief_rejection_goes_back_to_the_reporter(self):
        article = self.submit()
        self.act("desk_xinzhou", article, "approve")
        article.refresh_from_db()
        self.act("chief", article, "reject", comment="标题与内容不符。")
        article.refresh_from_db()
        self.assertFalse(article.live)
        self.login("reporter_xinzhou")
        self.assertContains(self.client.get(edit_url(article)), "标题与内容不符。")

    def test_a_live_article_shows_the_new_editor_only_once_the_change_is_published(self):
        article = self.submit()
        self.act("desk_xinzhou", article, "approve")
        article.refresh_from_db()
        self.act("chief", article, "approve")
        article.refresh_from_db()
        self.assertEqual(article.responsible_editor, "张建国")

        second = get_user_model().objects.create_user("desk_xinzhou_2", last_name="刘洋")
        put_on_desk(second, self.tree.xinzhou, roles.DESK_EDITOR)
        self.users["desk_xinzhou_2"] = second
        self.login("reporter_xinzhou")
        self.client.post(
            edit_url(article),
            article_form(
                article.title, body="<p>更新:新增学位一千个。</p>", **{"action-submit": "1"}
            ),
        )
        article.refresh_from_db()
        self.act("desk_xinzhou_2", article, "approve")
        article.refresh_from_db()
        self.assertEqual(article.responsible_editor, "张建国")
        self.client.logout()
        self.assertContains(self.client.get(article.url), "责任编辑:张建国")

        self.act("chief", article, "approve")
        article.refresh_from_db()
        self.assertEqual(article.responsible_editor, "刘洋")
        self.client.logout()
        page = self.client.get(article.url)
        self.assertContains(page, "责任编辑:刘洋")
        self.assertContains(page, "新增学位一千个")
