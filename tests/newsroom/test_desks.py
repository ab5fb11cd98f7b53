"""The roles the migration creates, and putting people on desks with assign_desk."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import TestCase

from wagtail.models import GroupPagePermission, Page

from newsroom import desks, roles
from tests.support.factories import build_site


def assign(*args):
    out = io.StringIO()
    call_command("assign_desk", *args, stdout=out)
    return out.getvalue()


class RolesFromMigrationTest(TestCase):
    def test_roles_exist_with_their_permissions(self):
        names = set(Group.objects.values_list("name", flat=True))
        self.assertLessEqual({"记者", "编辑", "主编", "评论审核员"}, names)
        moderator = Group.objects.get(name="评论审核员")
        codenames = set(moderator.permissions.values_list("codename", flat=True))
        self.assertLessEqual({"access_admin", "view_comment", "change_comment"}, codenames)
        self.assertNotIn("add_page", codenames)
        chief = GroupPagePermission.objects.filter(group__name="主编", page__depth=1)
        self.assertIn("publish_page", set(chief.values_list("permission__codename", flat=True)))
        reporter_pages = GroupPagePermission.objects.filter(group__name="记者")
        self.assertFalse(reporter_pages.exists())  # only through a desk

    def test_the_two_step_workflow_exists(self):
        from wagtail.models import Workflow

        workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
        steps = [task.specific for task in workflow.tasks]
        self.assertEqual([step.name for step in steps], ["编辑审核", "主编终审"])
        self.assertEqual([step.desk_only for step in steps], [True, False])
        self.assertEqual(
            [list(step.groups.values_list("name", flat=True)) for step in steps],
            [["编辑"], ["主编"]],
        )


class AssignDeskTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.user = get_user_model().objects.create_user("wang", password="x")

    def test_put_on_a_desk_and_off_again(self):
        self.assertIn("忻州 编辑部的记者", assign("wang", "xinzhou", "--role", "记者"))
        self.assertEqual(set(self.user.groups.values_list("name", flat=True)), {"记者", "忻州记者"})
        self.assertEqual(desks.desks_of(self.user), [(self.tree.xinzhou, "记者")])
        permission = GroupPagePermission.objects.get(group__name="忻州记者")
        self.assertEqual(permission.page, Page.objects.get(pk=self.tree.xinzhou.pk))
        self.assertEqual(permission.permission.codename, "add_page")
        assign("wang", "xinzhou", "--remove")
        self.assertEqual(desks.desks_of(self.user), [])

    def test_roles_without_a_desk(self):
        assign("wang", "--role", "主编")
        self.assertTrue(self.user.groups.filter(name="主编").exists())

    def test_mistakes_are_explained_in_chinese(self):
        with self.assertRaisesMessage(CommandError, "没有别名为 beijing 的城市频道"):
            assign("wang", "beijing", "--role", "记者")
        with self.assertRaisesMessage(CommandError, "需要指定城市频道"):
            assign("wang", "--role", "编辑")
        with self.assertRaisesMessage(CommandError, "没有用户 nobody"):
            assign("nobody", "xinzhou")
        with self.assertRaises(CommandError):
            assign("wang", "xinzhou", "--role", "社长")


class DeskAdminScreenTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        desks.setup_newsroom()
        User = get_user_model()
        cls.admin = User.objects.create_superuser("admin", password="x")
        cls.chief = User.objects.create_user("chief", password="x")
        desks.give_role(cls.chief, roles.CHIEF_EDITOR)
        cls.wang = User.objects.create_user("wang", password="x", last_name="王晓燕")

    def test_administrator_puts_a_reporter_on_a_desk_and_takes_her_off(self):
        self.client.force_login(self.admin)
        screen = self.client.get("/admin/newsroom/desks/")
        self.assertContains(screen, "编辑部")
        self.assertContains(screen, "分配到编辑部")
        response = self.client.post(
            "/admin/newsroom/desks/",
            {"user": self.wang.pk, "city": self.tree.xinzhou.pk, "role": "记者"},
            follow=True,
        )
        self.assertContains(response, "王晓燕(wang) 现在是 忻州 编辑部的记者。")
        self.assertEqual(desks.desks_of(self.wang), [(self.tree.xinzhou, "记者")])
        self.assertContains(response, "王晓燕(wang)")

        response = self.client.post(
            f"/admin/newsroom/desks/{self.wang.pk}/{self.tree.xinzhou.pk}/remove/", follow=True
        )
        self.assertContains(response, "已把 王晓燕(wang) 移出 忻州 编辑部。")
        self.assertEqual(desks.desks_of(self.wang), [])

    def test_settings_menu_links_it_for_administrators_only(self):
        self.client.force_login(self.admin)
        self.assertContains(self.client.get("/admin/"), "/admin/newsroom/desks/")
        self.client.force_login(self.chief)
        self.assertNotContains(self.client.get("/admin/"), "/admin/newsroom/desks/")
        self.assertIn(self.client.get("/admin/newsroom/desks/").status_code, (302, 403))
        self.client.post(
            "/admin/newsroom/desks/",
            {"user": self.wang.pk, "city": self.tree.xinzhou.pk, "role": "编辑"},
        )
        self.assertEqual(desks.desks_of(self.wang), [])
