"""Recovery codes: each signs in once, new ones void the old, the count is shown."""

from django.test import TestCase

from wagtail.models import ModelLogEntry

from django_otp.plugins.otp_static.models import StaticToken

from tests.support.newsroom import build_newsroom
from tests.support.twofactor import (
    ADMIN_HOME,
    MANAGE_URL,
    RECOVERY_CODES_URL,
    VERIFY_URL,
    enrol,
    password_only,
    verify,
)
from twofactor.devices import display_code


class RecoveryCodesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def setUp(self):
        self.chief = self.users["chief"]
        self.device, self.codes = enrol(self.chief)

    def tokens_left(self):
        return set(
            StaticToken.objects.filter(device__user=self.chief).values_list("token", flat=True)
        )

    def sign_in_with(self, code):
        password_only(self.client, self.chief)
        return self.client.post(VERIFY_URL, {"code": code})

    def test_a_recovery_code_signs_in_once(self):
        code = self.codes[0]
        response = self.sign_in_with(display_code(code).upper())  # typed as printed, any case
        self.assertEqual(response.status_code, 302)
        dashboard = self.client.get(ADMIN_HOME)
        self.assertEqual(dashboard.status_code, 200)
        self.assertContains(dashboard, "还剩 9 个恢复码")
        self.assertFalse(StaticToken.objects.filter(token=code).exists())
        self.assertTrue(
            ModelLogEntry.objects.filter(
                action="twofactor.recovery_code_used", object_id=str(self.chief.pk)
            ).exists()
        )

        self.client.post("/admin/logout/")
        response = self.sign_in_with(code)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "验证码不正确", status_code=400)
        self.assertEqual(self.client.get(ADMIN_HOME)["Location"].split("?")[0], VERIFY_URL)

    def test_every_recovery_code_works_once_and_then_none_is_left(self):
        for count, code in enumerate(self.codes[:4], start=1):
            self.client.post("/admin/logout/")
            self.assertEqual(self.sign_in_with(code).status_code, 302)
            self.assertEqual(len(self.tokens_left()), 10 - count)

    def test_new_recovery_codes_void_the_old_ones_and_are_shown_once(self):
        password_only(self.client, self.chief)
        verify(self.client, self.device)
        response = self.client.post("/admin/two-factor/recovery-codes/new/")
        self.assertEqual(response["Location"], RECOVERY_CODES_URL)
        page = self.client.get(RECOVERY_CODES_URL)
        new_codes = self.tokens_left()
        self.assertEqual(len(new_codes), 10)
        self.assertFalse(new_codes & set(self.codes))
        for code in new_codes:
            self.assertContains(page, display_code(code))
        self.assertNotContains(self.client.get(RECOVERY_CODES_URL), display_code(min(new_codes)))

        self.client.post("/admin/logout/")
        self.assertEqual(self.sign_in_with(self.codes[1]).status_code, 400)

    def test_new_recovery_codes_need_a_verified_session_and_a_post(self):
        password_only(self.client, self.chief)
        response = self.client.post("/admin/two-factor/recovery-codes/new/")
        self.assertEqual(response["Location"].split("?")[0], VERIFY_URL)
        self.assertEqual(self.tokens_left(), set(self.codes))
        verify(self.client, self.device)
        self.assertEqual(self.client.get("/admin/two-factor/recovery-codes/new/").status_code, 405)

    def test_the_manage_page_shows_how_many_codes_are_left(self):
        self.sign_in_with(self.codes[0])
        self.assertContains(self.client.get(MANAGE_URL), "<dd>9 个</dd>", html=False)
