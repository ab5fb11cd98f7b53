"""Every login, failure, lock and unlock lands in Wagtail's log, readable in the admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TestCase, override_settings

from wagtail.models import ModelLogEntry

from accounts import audit, lockouts
from tests.support.accounts import PASSWORD, make_staff, post_login, sign_in_verified

ATTACKER = "198.51.100.23"


@override_settings(DAYUAN_LOGIN_RATE_LIMIT=(60, 1000))
class LoginLogTest(TestCase):
    def setUp(self):
        self.editor = make_staff("editor")

    def entries(self, action):
        return ModelLogEntry.objects.filter(action=action).order_by("timestamp", "pk")

    def test_success_is_logged_against_the_user_with_the_address(self):
        post_login(self.client, "editor", PASSWORD, "203.0.113.7")
        entry = self.entries(audit.LOGIN).get()
        self.assertEqual(entry.object_id, str(self.editor.pk))
        self.assertEqual(entry.user, self.editor)
        self.assertEqual(entry.data["address"], "203.0.113.7")
        self.assertEqual(entry.message, "从 203.0.113.7 登录后台")

    def test_each_failure_is_logged_with_its_count(self):
        for _ in range(3):
            post_login(self.client, "editor", "wrong-password", ATTACKER)
        entries = self.entries(audit.LOGIN_FAILED)
        self.assertEqual([entry.data["failures"] for entry in entries], [1, 2, 3])
        self.assertEqual(entries[0].label, f"editor @ {ATTACKER}")
        self.assertIsNone(entries[0].user)
        self.assertIn("登录失败", entries[2].message)

    def test_failure_of_an_unknown_username_is_logged_too(self):
        post_login(self.client, "nobody", "wrong-password", ATTACKER)
        entry = self.entries(audit.LOGIN_FAILED).get()
        self.assertEqual(entry.data["username"], "nobody")

    def test_lock_is_logged_once_and_refused_guesses_are_not(self):
        for _ in range(9):
            post_login(self.client, "editor", "wrong-password", ATTACKER)
        self.assertEqual(self.entries(audit.LOGIN_FAILED).count(), 5)
        lock = self.entries(audit.LOCKED).get()
        self.assertEqual(lock.data["rule"], lockouts.ACCOUNT)
        self.assertEqual(lock.data["failures"], 5)

    def test_address_lock_is_logged_with_its_rule(self):
        for index in range(50):
            post_login(self.client, f"user{index // 4}", "wrong-password", ATTACKER)
        lock = self.entries(audit.LOCKED).get()
        self.assertEqual(lock.data["rule"], lockouts.ADDRESS)
        self.assertEqual(lock.data["failures"], 50)

    def test_unlock_is_logged_with_who_lifted_it(self):
        for _ in range(5):
            post_login(self.client, "editor", "wrong-password", ATTACKER)
        admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
        lockouts.unlock(username="editor", ip_address=ATTACKER, by=admin)
        entry = self.entries(audit.UNLOCKED).get()
        self.assertEqual(entry.user, admin)
        self.assertEqual(entry.data, {"username": "editor", "address": ATTACKER})

    def test_site_history_report_shows_them_in_chinese(self):
        for _ in range(5):
            post_login(self.client, "editor", "wrong-password", ATTACKER)
        post_login(self.client, "editor", PASSWORD, "203.0.113.7")
        admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
        sign_in_verified(self.client, admin)
        response = self.client.get("/admin/reports/site-history/")
        self.assertEqual(response.status_code, 200)
        for label in ("登录成功", "登录失败", "登录被锁定"):
            self.assertContains(response, label)
        self.assertContains(response, f"editor @ {ATTACKER}")


@override_settings(DAYUAN_LOGIN_RATE_LIMIT=(60, 1000))
class LoginLogVisibilityTest(TestCase):
    def test_holder_of_the_unlock_permission_reads_the_failures(self):
        make_staff("editor")
        for _ in range(5):
            post_login(self.client, "editor", "wrong-password", ATTACKER)
        guard = make_staff("guard")
        guard.user_permissions.add(Permission.objects.get(codename="unlock_login"))
        self.client.force_login(guard)
        response = self.client.get("/admin/reports/site-history/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "登录被锁定")
        self.assertContains(response, f"editor @ {ATTACKER}")
