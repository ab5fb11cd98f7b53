"""A superuser resets a user's second factor (lost phone); nobody else can."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.models import ModelLogEntry

from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.newsroom import PASSWORD, build_newsroom
from tests.support.twofactor import (
    ADMIN_HOME,
    ENROL_URL,
    USERS_URL,
    enrol,
    password_only,
    reset_url,
    verify,
)


class ResetTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.root = get_user_model().objects.create_superuser("root", password=PASSWORD)

    def setUp(self):
        self.root_device, _ = enrol(self.root)
        self.chief_device, _ = enrol(self.users["chief"])

    def as_root(self):
        password_only(self.client, self.root)
        verify(self.client, self.root_device)

    def test_superuser_sees_who_must_and_who_does_use_two_factor(self):
        enrol(self.users["reporter_xinzhou"])
        self.as_root()
        page = self.client.get(USERS_URL)
        self.assertEqual(page.status_code, 200)
        rows = {
            user: page.content.decode().split(f"({user})</td>")[1].split("</tr>")[0]
            for user in ("chief", "root", "reporter_xinzhou")
        }
        self.assertIn("必须", rows["chief"])
        self.assertIn("已启用", rows["chief"])
        self.assertIn("自愿", rows["reporter_xinzhou"])
        self.assertContains(page, f'href="{reset_url(self.users["chief"])}"')
        self.assertNotContains(page, "(desk_xinzhou)")

    def test_superuser_resets_a_lost_phone_and_the_user_enrols_again(self):
        chief = self.users["chief"]
        chief_client = self.client_class()
        password_only(chief_client, chief)
        verify(chief_client, self.chief_device)
        self.assertEqual(chief_client.get(ADMIN_HOME).status_code, 200)

        self.as_root()
        confirm = self.client.get(reset_url(chief))
        self.assertContains(confirm, "确定要重置")
        self.assertContains(confirm, "赵志强(chief)")
        response = self.client.post(reset_url(chief))
        self.assertEqual(response["Location"], USERS_URL)
        self.assertFalse(TOTPDevice.objects.filter(user=chief).exists())
        self.assertFalse(StaticDevice.objects.filter(user=chief).exists())
        entry = ModelLogEntry.objects.get(action="twofactor.reset", object_id=str(chief.pk))
        self.assertEqual(entry.user, self.root)

        # The chief's open session is no longer verified: enrol a new phone first.
        self.assertEqual(chief_client.get(ADMIN_HOME)["Location"].split("?")[0], ENROL_URL)

    def test_reset_of_a_user_without_devices_changes_nothing(self):
        self.as_root()
        moderator = self.users["moderator"]
        self.assertContains(self.client.get(reset_url(moderator)), "无需重置")
        response = self.client.post(reset_url(moderator), follow=True)
        self.assertContains(response, "无需重置")
        self.assertFalse(ModelLogEntry.objects.filter(action="twofactor.reset").exists())

    def test_only_superusers_may_see_the_list_or_reset(self):
        chief = self.users["chief"]
        password_only(self.client, chief)
        verify(self.client, self.chief_device)
        for response in (
            self.client.get(USERS_URL),
            self.client.get(reset_url(self.root)),
            self.client.post(reset_url(self.root)),
        ):
            self.assertIn(response.status_code, (302, 403))
            if response.status_code == 302:
                self.assertNotEqual(response["Location"], USERS_URL)
        self.assertTrue(TOTPDevice.objects.filter(user=self.root).exists())
        self.assertNotContains(self.client.get(ADMIN_HOME), USERS_URL)

    def test_settings_menu_offers_the_screen_to_superusers(self):
        self.as_root()
        self.assertContains(self.client.get(ADMIN_HOME), USERS_URL)

    def test_unknown_user_is_404(self):
        self.as_root()
        self.assertEqual(self.client.get(reset_url(type("U", (), {"pk": 999999}))).status_code, 404)
        self.assertEqual(self.client.post("/admin/two-factor/users/999999/reset/").status_code, 404)

    def test_bad_page_number_in_the_list_is_not_an_error(self):
        self.as_root()
        for page in ("abc", "-1", "999"):
            self.assertEqual(self.client.get(USERS_URL, {"p": page}).status_code, 200)
