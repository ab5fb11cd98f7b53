"""Scheduled publishing and expiry happen through the worker, and readers see them at once."""

import datetime

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Revision

from news.models import ArticlePage
from tests.support.factories import make_article
from tests.support.newsroom import add_url, article_form, build_newsroom, edit_url


def beijing(moment):
    """How the editor's date-time field is filled in: Beijing time, minutes."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def the_go_live_time_comes():
    """Move every scheduled time a minute into the past, as if the clock had moved on."""
    past = timezone.now() - datetime.timedelta(minutes=1)
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        revision.approved_go_live_at = past
        revision.content["go_live_at"] = past.isoformat()
        revision.save(update_fields=["approved_go_live_at", "content"])
        ArticlePage.objects.filter(pk=revision.object_id).update(go_live_at=past)


class ScheduledPublishingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def setUp(self):
        self.client.force_login(self.users["chief"])

    def run_worker(self):
        call_command("run_worker", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def section_listing(self):
        self.client.logout()
        response = self.client.get(self.tree.xinzhou.url)
        self.client.force_login(self.users["chief"])
        return response

    def test_scheduled_article_goes_live_when_the_worker_runs(self):
        self.assertEqual(self.section_listing().status_code, 200)  # cached now, without it
        go_live = timezone.now() + datetime.timedelta(minutes=10)
        response = self.client.post(
            add_url(self.tree.xinzhou),
            article_form("定时发布的稿件", go_live_at=beijing(go_live), **{"action-publish": "1"}),
        )
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(title="定时发布的稿件")
        self.assertFalse(article.live)
        self.assertEqual(
            timezone.localtime(article.go_live_at).strftime("%Y-%m-%d %H:%M"), beijing(go_live)
        )
        self.assertTrue(Revision.objects.filter(approved_go_live_at__isnull=False).exists())

        self.run_worker()  # not due yet
        article.refresh_from_db()
        self.assertFalse(article.live)

        the_go_live_time_comes()
        self.run_worker()
        article.refresh_from_db()
        self.assertTrue(article.live)
        self.client.logout()
        self.assertEqual(self.client.get(article.url).status_code, 200)
        listing = self.client.get(self.tree.xinzhou.url)
        self.assertNotEqual(listing.get("X-Page-Cache"), "HIT")
        self.assertContains(listing, "定时发布的稿件")

    def test_expired_article_is_unpublished_by_the_worker(self):
        article = make_article(self.tree.xinzhou, "到期下线的稿件")
        self.client.logout()
        self.assertContains(self.client.get(self.tree.xinzhou.url), "到期下线的稿件")
        self.assertEqual(self.client.get(article.url).status_code, 200)

        self.client.force_login(self.users["chief"])
        expire = timezone.now() + datetime.timedelta(minutes=5)
        response = self.client.post(
            edit_url(article),
            article_form("到期下线的稿件", expire_at=beijing(expire), **{"action-publish": "1"}),
        )
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertTrue(article.live)
        self.run_worker()
        self.assertTrue(ArticlePage.objects.get(pk=article.pk).live)

        ArticlePage.objects.filter(pk=article.pk).update(
            expire_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        self.run_worker()
        article.refresh_from_db()
        self.assertFalse(article.live)
        self.assertTrue(article.expired)
        self.client.logout()
        self.assertEqual(self.client.get(article.url).status_code, 404)
        self.assertNotContains(self.client.get(self.tree.xinzhou.url), "到期下线的稿件")

    def test_scheduled_article_approved_in_review_goes_live_on_time(self):
        self.client.force_login(self.users["reporter_xinzhou"])
        go_live = timezone.now() + datetime.timedelta(hours=2)
        self.client.post(
            add_url(self.tree.xinzhou),
            article_form("审核后定时发布", go_live_at=beijing(go_live), **{"action-submit": "1"}),
        )
        article = ArticlePage.objects.get(title="审核后定时发布")
        for key in ("desk_xinzhou", "chief"):
            self.client.force_login(self.users[key])
            state = article.current_workflow_task_state
            self.client.post(f"/admin/pages/workflow/action/{article.pk}/approve/{state.pk}/")
            article.refresh_from_db()
        self.assertFalse(article.live)
        self.assertEqual(article.responsible_editor, "张建国")
        the_go_live_time_comes()
        self.run_worker()
        article.refresh_from_db()
        self.assertTrue(article.live)
        self.assertEqual(article.responsible_editor, "张建国")


class TaskBackendTest(TestCase):
    def test_wagtails_background_tasks_run_immediately_by_default(self):
        from newsroom.scheduling import queued_task_backends

        self.assertEqual(queued_task_backends(), [])
