"""What publishing queues: pages that declare `push_to_search_engines`, live and public, once
per address and engine; nothing for drafts, previews, private pages or an empty setting."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from wagtail.models import PageViewRestriction

from distribution.models import PushRecord
from news.models import SectionPage
from tests.distribution.endpoint import PushEndpoint
from tests.distribution.support import PushTestCase, run_worker

Engine = PushRecord.Engine
Status = PushRecord.Status


class QueueingTest(PushTestCase):
    def test_nothing_is_queued_when_the_setting_is_empty(self):
        self.publish(2)
        self.assertEqual(PushRecord.objects.count(), 0)

    def test_publishing_an_article_queues_its_absolute_address_for_each_engine(self):
        self.configure(baidu=True, indexnow=True)
        (article,) = self.publish()
        records = self.records()
        self.assertEqual([record.engine for record in records], [Engine.BAIDU, Engine.INDEXNOW])
        for record in records:
            self.assertEqual(record.url, f"http://testserver{article.url}")
            self.assertTrue(record.url.endswith(f"/gsyl/xinzhou/{article.article_number}.html"))
            self.assertEqual(record.status, Status.PENDING)
            self.assertEqual(record.page_id, article.pk)

    def test_only_configured_engines_are_queued(self):
        self.configure(baidu=False, indexnow=True)
        self.publish()
        self.assertEqual([record.engine for record in self.records()], [Engine.INDEXNOW])

    def test_a_draft_or_a_preview_queues_nothing(self):
        self.configure()
        (article,) = self.publish(publish=False)
        article.title = "改过的草稿"
        article.save_revision()
        response_page = article.make_preview_request()
        self.assertEqual(response_page.status_code, 200)
        self.assertEqual(PushRecord.objects.count(), 0)

    def test_a_scheduled_publish_queues_when_it_goes_live_not_before(self):
        self.configure()
        (article,) = self.publish(publish=False)
        article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        article.save_revision().publish()
        self.assertEqual(PushRecord.objects.count(), 0)

    def test_a_page_type_without_the_declaration_is_not_pushed(self):
        self.configure()
        section = self.tree.home.add_child(instance=SectionPage(title="体育", slug="tiyu"))
        section.save_revision().publish()
        self.assertFalse(getattr(SectionPage, "push_to_search_engines", False))
        self.assertEqual(PushRecord.objects.count(), 0)

    def test_a_page_under_a_view_restriction_is_not_pushed(self):
        self.configure()
        restriction = PageViewRestriction.objects.create(
            page=self.tree.shehui, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.create(name="内部")])
        self.publish(section=self.tree.shehui)
        self.assertEqual(PushRecord.objects.count(), 0)

    def test_publishing_twice_before_the_worker_runs_queues_once(self):
        self.configure(indexnow=True)
        (article,) = self.publish()
        article.title = "改过的标题"
        article.save_revision().publish()
        self.assertEqual(PushRecord.objects.count(), 2)  # one per engine

    def test_republishing_after_a_push_resends_to_indexnow_but_not_to_baidu(self):
        with PushEndpoint() as endpoint:
            self.configure(endpoint.base, indexnow=True)
            endpoint.default = None
            (article,) = self.publish()
            endpoint.answer(200, {"remain": 9, "success": 1})
            endpoint.answer(202)
            run_worker()
            self.assertEqual(PushRecord.objects.filter(status=Status.SENT).count(), 2)
            article.title = "更正后的标题"
            article.save_revision().publish()
        pending = self.records(status=Status.PENDING)
        self.assertEqual([record.engine for record in pending], [Engine.INDEXNOW])
