"""TWO_FACTOR_REQUIRED_FOR_ALL_STAFF: everyone with admin access must use a second factor."""

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings

from tests.support.newsroom import PASSWORD, build_newsroom
from tests.support.twofactor import ADMIN_HOME, ENROL_URL, USERS_URL, enrol, password_only, verify


class AllStaffSettingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.reader = get_user_model().objects.create_user("reader", password=PASSWORD)

    @override_settings(DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF=True)
    def test_every_staff_member_is_sent_to_enrolment(self):
        for key in ("reporter_xinzhou", "desk_xinzhou", "moderator", "chief"):
            with self.subTest(user=key):
                password_only(self.client, self.users[key])
                response = self.client.get(ADMIN_HOME)
                self.assertEqual(response.status_code, 302)
                self.assertEqual(response["Location"].split("?")[0], ENROL_URL)
                self.client.post("/admin/logout/")

    @override_settings(DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF=False)
    def test_off_by_default_for_staff_other_than_chief(self):
        password_only(self.client, self.users["reporter_xinzhou"])
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)

    @override_settings(DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF=True)
    def test_accounts_without_admin_access_are_not_asked(self):
        password_only(self.client, self.reader)
        response = self.client.get(ADMIN_HOME)
        # Wagtail itself turns them away; they are never sent to enrol a phone.
        self.assertNotEqual(response["Location"].split("?")[0], ENROL_URL)

    @override_settings(DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF=True)
    def test_superuser_overview_lists_every_staff_member_as_required(self):
        root = get_user_model().objects.create_superuser("root", password=PASSWORD)
        device, _ = enrol(root)
        password_only(self.client, root)
        verify(self.client, device)
        page = self.client.get(USERS_URL).content.decode()
        for key in ("reporter_xinzhou", "desk_taiyuan", "moderator"):
            row = page.split(f"({key})</td>")[1].split("</tr>")[0]
            self.assertIn("必须", row)
            self.assertIn("未绑定", row)
        self.assertNotIn("(reader)", page)
