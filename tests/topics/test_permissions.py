"""Who may make topics: province-level 编辑 in 专题编辑 and the 主编, never a city desk."""

from django.test import TestCase

from wagtail.models import Page

from newsroom import roles
from tests.support.newsroom import PASSWORD, build_newsroom
from tests.support.topics import make_topic
from topics.models import TopicPage
from topics.permissions import TOPIC_EDITORS, make_topic_editor
from topics.setup import ensure_topic_index


class TopicPermissionTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.index = ensure_topic_index(cls.tree.home)
        from django.contrib.auth import get_user_model

        cls.province_editor = get_user_model().objects.create_user(
            "province_editor", password=PASSWORD, last_name="省级编辑"
        )
        make_topic_editor(cls.province_editor)

    def permissions(self, user, page):
        return page.permissions_for_user(user)

    def test_city_reporters_and_desk_editors_cannot_add_topics(self):
        for key in ("reporter_xinzhou", "desk_xinzhou", "reporter_taiyuan"):
            with self.subTest(user=key):
                permissions = self.permissions(self.users[key], self.index)
                self.assertFalse(permissions.can_add_subpage())
                self.client.login(username=key, password=PASSWORD)
                response = self.client.get(f"/admin/pages/add/topics/topicpage/{self.index.pk}/")
                self.assertIn(response.status_code, (302, 403))
                self.assertNotEqual(response.status_code, 200)

    def test_province_editor_adds_and_edits_topics_but_does_not_publish(self):
        permissions = self.permissions(self.province_editor, self.index)
        self.assertTrue(permissions.can_add_subpage())
        self.assertFalse(permissions.can_publish_subpage())
        self.client.login(username="province_editor", password=PASSWORD)
        response = self.client.get(f"/admin/pages/add/topics/topicpage/{self.index.pk}/")
        self.assertEqual(response.status_code, 200)

    def test_chief_editor_publishes_topics(self):
        permissions = self.permissions(self.users["chief"], self.index)
        self.assertTrue(permissions.can_add_subpage())
        self.assertTrue(permissions.can_publish_subpage())

    def test_topic_page_type_is_offered_only_under_the_topic_list(self):
        self.assertEqual(
            TopicPage.allowed_parent_page_models()[0]._meta.label, "topics.TopicIndexPage"
        )
        self.assertFalse(TopicPage.can_create_at(self.tree.xinzhou))
        self.assertTrue(TopicPage.can_create_at(self.index))

    def test_setting_up_twice_changes_nothing(self):
        again = ensure_topic_index(self.tree.home)
        self.assertEqual(again.pk, self.index.pk)
        self.assertEqual(Page.objects.filter(slug="zt").count(), 1)
        self.assertEqual(self.province_editor.groups.filter(name=TOPIC_EDITORS).count(), 1)

    def test_topics_go_through_the_newsrooms_two_step_review(self):
        topic = make_topic(self.tree.home, slug="shenhe", publish=False)
        workflow = topic.get_workflow()
        self.assertEqual(workflow.name, roles.WORKFLOW_NAME)
        topic.save_revision(user=self.province_editor)
        workflow.start(topic, self.province_editor)
        first_step = topic.current_workflow_task.specific
        # The 专题编辑 review the first step; a city desk's editor has no say on /zt/.
        self.assertTrue(first_step.get_actions(topic, self.province_editor))
        self.assertFalse(first_step.get_actions(topic, self.users["desk_xinzhou"]))
