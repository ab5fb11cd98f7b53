"""Editors moderate comments in the Wagtail admin: queue, actions, log, dashboard, roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import ModelLogEntry

from comments.models import Comment, SensitiveWord
from comments.signals import comments_changed
from tests.support.comments import post_comment
from tests.support.factories import build_site, make_article

QUEUE = "/admin/snippets/comments/comment/"


def pending(article, text, nickname="", flagged=""):
    return Comment.objects.create(
        article=article,
        nickname=nickname,
        text=text,
        submitted_text=text,
        flagged_words=flagged,
        client_hash="a" * 64,
    )


class ModerationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.other = make_article(cls.tree.taiyuan, "太原新闻")
        cls.editor = get_user_model().objects.create_superuser("chief", password="x")

    def setUp(self):
        self.client.force_login(self.editor)
        self.announced = []
        comments_changed.connect(self.record, dispatch_uid="test-record")
        self.addCleanup(comments_changed.disconnect, dispatch_uid="test-record")

    def record(self, sender, article_id, action, **kwargs):
        self.announced.append((article_id, action))

    def test_the_queue_lists_pending_comments_with_article_nickname_time_and_flags(self):
        pending(self.article, "等待审核的评论", nickname="小李", flagged="坏蛋、spam")
        approved = pending(self.other, "已经通过的评论")
        approved.status = Comment.Status.APPROVED
        approved.save()

        response = self.client.get(QUEUE, {"status": "unreviewed"})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("小李:等待审核的评论", html)
        self.assertIn("忻州新闻", html)
        self.assertIn("坏蛋、spam", html)
        self.assertIn("待审核", html)
        self.assertNotIn("已经通过的评论", html)

    def test_filters_by_status_article_and_flag(self):
        pending(self.article, "忻州的评论", flagged="坏蛋")
        pending(self.other, "太原的评论")
        by_article = self.client.get(QUEUE, {"article_number": self.other.article_number})
        self.assertContains(by_article, "太原的评论")
        self.assertNotContains(by_article, "忻州的评论")
        flagged = self.client.get(QUEUE, {"flagged": "true"})
        self.assertContains(flagged, "忻州的评论")
        self.assertNotContains(flagged, "太原的评论")
        rejected = self.client.get(QUEUE, {"status": "rejected"})
        self.assertNotContains(rejected, "的评论")
        self.assertContains(self.client.get(QUEUE, {"q": "太原"}), "太原的评论")

    def test_approving_shows_the_comment_at_once_and_is_logged(self):
        comment = pending(self.article, "请尽快修路", nickname="村民")
        reader = self.client_class()
        self.assertContains(reader.get(self.article.url), "留言与评论(共有 0 条评论)")

        url = reverse("comments_approve", args=[comment.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{url}?next={QUEUE}")
        self.assertRedirects(response, QUEUE, fetch_redirect_response=False)

        comment.refresh_from_db()
        self.assertEqual(comment.status, Comment.Status.APPROVED)
        self.assertEqual(comment.moderated_by, self.editor)
        self.assertEqual(self.announced, [(self.article.pk, "approve")])
        page = reader.get(self.article.url)
        self.assertContains(page, "留言与评论(共有 1 条评论)")
        self.assertContains(page, "请尽快修路")

        entry = ModelLogEntry.objects.get(action="news.comment.approve")
        self.assertEqual((entry.user, entry.object_id), (self.editor, str(comment.pk)))
        self.assertIsNotNone(entry.timestamp)
        history = self.client.get(f"{QUEUE}history/{comment.pk}/")
        self.assertContains(history, "评论通过审核")

    def test_rejecting_hides_an_approved_comment_and_is_logged(self):
        comment = pending(self.article, "先通过后撤下")
        comment.status = Comment.Status.APPROVED
        comment.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("comments_reject", args=[comment.pk]))
        comment.refresh_from_db()
        self.assertEqual(comment.status, Comment.Status.REJECTED)
        self.assertNotContains(self.client_class().get(self.article.url), "先通过后撤下")
        self.assertTrue(ModelLogEntry.objects.filter(action="news.comment.reject").exists())
        self.assertEqual(self.announced, [(self.article.pk, "reject")])

    def test_bulk_approve_and_reject(self):
        first, second, third = (pending(self.article, f"批量{n}") for n in range(3))
        url = reverse("wagtail_bulk_action", args=["comments", "comment", "approve"])
        query = f"?id={first.pk}&id={second.pk}&next={QUEUE}"
        confirm = self.client.get(url + query)
        self.assertContains(confirm, "批量0")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url + query)
        self.assertRedirects(response, QUEUE, fetch_redirect_response=False)
        statuses = dict(Comment.objects.values_list("text", "status"))
        self.assertEqual(statuses, {"批量0": "approved", "批量1": "approved", "批量2": "pending"})
        self.assertEqual(ModelLogEntry.objects.filter(action="news.comment.approve").count(), 2)
        self.assertEqual(self.announced, [(self.article.pk, "approve")])

        reject = reverse("wagtail_bulk_action", args=["comments", "comment", "reject"])
        self.client.post(f"{reject}?id={first.pk}&id={third.pk}")
        statuses = dict(Comment.objects.values_list("text", "status"))
        self.assertEqual(statuses, {"批量0": "rejected", "批量1": "approved", "批量2": "rejected"})

    def test_bulk_delete(self):
        first, second = pending(self.article, "删一"), pending(self.article, "删二")
        url = reverse("wagtail_bulk_action", args=["comments", "comment", "delete"])
        self.client.post(f"{url}?id={first.pk}&id={second.pk}")
        self.assertEqual(Comment.objects.count(), 0)

    def test_reply_and_approve_from_the_edit_form(self):
        comment = pending(self.article, "什么时候通车?")
        url = f"{QUEUE}edit/{comment.pk}/"
        form = self.client.get(url)
        self.assertContains(form, "读者提交的内容")
        self.assertContains(form, "什么时候通车?")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"status": "approved", "reply_text": "预计年底通车。"})
        self.assertEqual(response.status_code, 302)
        comment.refresh_from_db()
        self.assertEqual(comment.status, "approved")
        self.assertEqual(comment.reply_text, "预计年底通车。")
        self.assertEqual(comment.replied_by, self.editor)
        actions = set(ModelLogEntry.objects.values_list("action", flat=True))
        self.assertTrue({"news.comment.approve", "news.comment.reply"} <= actions)
        page = self.client_class().get(self.article.url)
        self.assertContains(page, "编辑回复")
        self.assertContains(page, "预计年底通车。")

    def test_deleting_a_public_comment_announces_it(self):
        comment = pending(self.article, "要删除的")
        comment.status = Comment.Status.APPROVED
        comment.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"{QUEUE}delete/{comment.pk}/")
        self.assertFalse(Comment.objects.exists())
        self.assertEqual(self.announced, [(self.article.pk, "delete")])

    def test_nobody_adds_comments_in_the_admin(self):
        self.assertNotEqual(self.client.get(f"{QUEUE}add/").status_code, 200)

    def test_the_dashboard_counts_comments_awaiting_review(self):
        pending(self.article, "一")
        pending(self.article, "二")
        response = self.client.get("/admin/")
        self.assertContains(response, "待处理的读者评论")
        self.assertContains(response, '<strong class="dayuan-pending-count">2</strong>')

    def test_sensitive_word_lists_are_maintained_in_the_admin(self):
        url = "/admin/snippets/comments/sensitiveword/"
        response = self.client.post(f"{url}add/", {"word": "坏蛋", "action": "mask", "note": ""})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(SensitiveWord.objects.filter(word="坏蛋", action="mask").exists())
        self.assertContains(self.client.get(url, {"action": "mask"}), "坏蛋")


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=True)
class CachedArticleTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.editor = get_user_model().objects.create_superuser("chief", password="x")

    def test_approving_purges_the_cached_article_page(self):
        post_comment(self.client_class(), self.article, "缓存之后的评论")
        reader = self.client_class()
        reader.get(self.article.url)
        self.assertEqual(reader.get(self.article.url)["X-Page-Cache"], "HIT")

        self.client.force_login(self.editor)
        comment = Comment.objects.get()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("comments_approve", args=[comment.pk]))
        page = reader.get(self.article.url)
        self.assertContains(page, "缓存之后的评论")
        self.assertContains(page, "留言与评论(共有 1 条评论)")


class ModeratorRoleTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        User = get_user_model()
        group, _ = Group.objects.get_or_create(name="评论审核员")  # a migration creates the role
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(
                content_type__app_label="news",
                codename__in=["view_comment", "change_comment", "delete_comment"],
            ),
        )
        cls.moderator = User.objects.create_user("moderator", password="x")
        cls.moderator.groups.add(group)
        cls.reporter = User.objects.create_user("reporter", password="x")
        cls.reporter.user_permissions.add(Permission.objects.get(codename="access_admin"))

    def test_a_moderator_can_use_the_queue(self):
        comment = pending(self.article, "审核员来审")
        self.client.force_login(self.moderator)
        self.assertContains(self.client.get(QUEUE), "审核员来审")
        self.client.post(reverse("comments_approve", args=[comment.pk]))
        comment.refresh_from_db()
        self.assertEqual(comment.status, "approved")
        self.assertContains(self.client.get("/admin/"), "待处理的读者评论")

    def test_others_cannot(self):
        comment = pending(self.article, "别人不能审")
        self.client.force_login(self.reporter)
        self.assertNotEqual(self.client.get(QUEUE).status_code, 200)
        response = self.client.post(reverse("comments_approve", args=[comment.pk]))
        self.assertIn(response.status_code, (302, 403))
        comment.refresh_from_db()
        self.assertEqual(comment.status, "pending")
        self.assertNotContains(self.client.get("/admin/"), "待处理的读者评论")
