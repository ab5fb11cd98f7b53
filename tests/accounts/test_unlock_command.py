"""`manage.py unlock_logins`: list the locks, lift them by username, address or all."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from wagtail.models import ModelLogEntry

from accounts import audit
from tests.support.accounts import PASSWORD, make_staff, post_login

ATTACKER = "198.51.100.23"


@override_settings(DAYUAN_LOGIN_RATE_LIMIT=(60, 1000))
class UnlockCommandTest(TestCase):
    def setUp(self):
        make_staff("editor")
        for _ in range(5):
            post_login(self.client, "editor", "wrong-password", ATTACKER)

    def run_command(self, *args):
        out = io.StringIO()
        call_command("unlock_logins", *args, stdout=out)
        return out.getvalue()

    def login_status(self):
        return post_login(self.client, "editor", PASSWORD, ATTACKER).status_code

    def test_without_arguments_it_lists_the_locks(self):
        listing = self.run_command()
        self.assertIn("editor", listing)
        self.assertIn(ATTACKER, listing)
        self.assertIn("自动解除", listing)
        self.assertEqual(self.login_status(), 429)

    def test_unlock_by_username(self):
        self.assertIn("已清除 1 条失败记录", self.run_command("--username", "editor"))
        self.assertEqual(self.login_status(), 302)
        self.assertEqual(ModelLogEntry.objects.filter(action=audit.UNLOCKED).count(), 1)

    def test_unlock_by_address(self):
        self.run_command("--address", ATTACKER)
        self.assertEqual(self.login_status(), 302)

    def test_unlock_all(self):
        self.run_command("--all")
        self.assertEqual(self.login_status(), 302)
        self.assertIn("目前没有被锁定的账号或地址", self.run_command())

    def test_nothing_to_unlock_is_said(self):
        self.assertIn("没有匹配的失败记录", self.run_command("--username", "someone-else"))
        self.assertEqual(self.login_status(), 429)

    def test_bad_arguments_are_clear_errors(self):
        with self.assertRaisesMessage(CommandError, "不是有效的网络地址"):
            self.run_command("--address", "999.1.1.1")
        with self.assertRaisesMessage(CommandError, "--all 不能"):
            self.run_command("--all", "--username", "editor")
