"""设置 → 登录锁定: who may see the locks, and lifting one through the real admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import TestCase, override_settings

from tests.support.accounts import PASSWORD, is_signed_in, make_staff, post_login, sign_in_verified

LOCKS_URL = "/admin/accounts/lockouts/"
UNLOCK_URL = "/admin/accounts/lockouts/unlock/"
ATTACKER = "198.51.100.23"


@override_settings(DAYUAN_LOGIN_RATE_LIMIT=(60, 1000))
class LockoutAdminTest(TestCase):
    def setUp(self):
        self.editor = make_staff("editor")
        self.guard = make_staff("guard")
        group = Group.objects.create(name="安全值班")
        group.permissions.add(Permission.objects.get(codename="unlock_login"))
        self.guard.groups.add(group)
        self.admin_client = self.client_class()
        self.admin_client.force_login(self.guard)

    def lock(self, username="editor", address=ATTACKER, failures=5):
        for _ in range(failures):
            post_login(self.client_class(), username, "wrong-password", address)

    def test_locked_account_is_listed_and_unlocking_lets_the_right_password_in(self):
        self.lock()
        self.assertEqual(post_login(self.client, "editor", PASSWORD, ATTACKER).status_code, 429)

        page = self.admin_client.get(LOCKS_URL)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "账号(此地址)")
        self.assertContains(page, ATTACKER)
        self.assertContains(page, "解除锁定")

        response = self.admin_client.post(
            UNLOCK_URL, {"ip_address": ATTACKER, "username": "editor"}
        )
        self.assertRedirects(response, LOCKS_URL, fetch_redirect_response=False)
        after = self.admin_client.get(LOCKS_URL)
        self.assertContains(after, "已解除账号“editor”在 198.51.100.23 的锁定")
        self.assertContains(after, "目前没有被锁定的账号或地址")

        self.assertEqual(post_login(self.client, "editor", PASSWORD, ATTACKER).status_code, 302)
        self.assertTrue(is_signed_in(self.client))

    def test_locked_address_is_listed_and_can_be_unlocked(self):
        for index in range(50):
            post_login(self.client, f"user{index // 4}", "wrong-password", ATTACKER)
        page = self.admin_client.get(LOCKS_URL)
        self.assertContains(page, "地址(所有账号)")
        self.admin_client.post(UNLOCK_URL, {"ip_address": ATTACKER})
        self.assertEqual(post_login(self.client, "editor", PASSWORD, ATTACKER).status_code, 302)

    def test_superuser_may_unlock(self):
        self.lock()
        root = get_user_model().objects.create_superuser("root", password=PASSWORD)
        client = self.client_class()
        sign_in_verified(client, root)
        self.assertEqual(client.get(LOCKS_URL).status_code, 200)
        client.post(UNLOCK_URL, {"ip_address": ATTACKER, "username": "editor"})
        self.assertEqual(post_login(self.client, "editor", PASSWORD, ATTACKER).status_code, 302)

    def test_staff_without_the_permission_is_refused(self):
        self.lock()
        client = self.client_class()
        client.force_login(self.editor)
        page = client.get(LOCKS_URL)
        self.assertRedirects(page, "/admin/", fetch_redirect_response=False)
        refused = client.post(UNLOCK_URL, {"ip_address": ATTACKER, "username": "editor"})
        self.assertRedirects(refused, "/admin/", fetch_redirect_response=False)
        self.assertEqual(post_login(self.client, "editor", PASSWORD, ATTACKER).status_code, 429)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(LOCKS_URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_bad_unlock_request_is_a_message_not_an_error(self):
        for data in ({}, {"ip_address": "not-an-address"}, {"ip_address": "1.2.3.4" * 40}):
            with self.subTest(data=data):
                response = self.admin_client.post(UNLOCK_URL, data, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "解锁请求无效")

    def test_unlocking_nothing_says_so(self):
        response = self.admin_client.post(UNLOCK_URL, {"ip_address": "192.0.2.1"}, follow=True)
        self.assertContains(response, "没有找到这条锁定")

    def test_get_on_unlock_is_refused(self):
        self.assertEqual(self.admin_client.get(UNLOCK_URL).status_code, 405)

    def test_menu_item_only_for_those_who_may_unlock(self):
        self.assertContains(self.admin_client.get("/admin/"), LOCKS_URL)
        client = self.client_class()
        client.force_login(self.editor)
        self.assertNotContains(client.get("/admin/"), LOCKS_URL)

    def test_permission_is_offered_in_the_group_editor(self):
        root = get_user_model().objects.create_superuser("root", password=PASSWORD)
        client = self.client_class()
        sign_in_verified(client, root)
        group = Group.objects.get(name="安全值班")
        response = client.get(f"/admin/groups/edit/{group.pk}/")
        self.assertContains(response, "可以查看并解除登录锁定")
