"""Enrolment: QR code and secret, a code to confirm, ten recovery codes shown once."""

import re
from base64 import b32decode
from binascii import hexlify

from django.test import TestCase

from wagtail.models import ModelLogEntry

from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.newsroom import build_newsroom
from tests.support.twofactor import (
    ADMIN_HOME,
    ENROL_URL,
    MANAGE_URL,
    RECOVERY_CODES_URL,
    VERIFY_URL,
    code_for,
    enrol,
    password_only,
    verify,
    wrong_code_for,
)

SECRET = re.compile(r"data-twofactor-secret>([A-Z2-7 ]+)<")
RECOVERY_CODE = re.compile(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>")


def secret_on_page(response):
    """The key as the page shows it for typing, in hex like django-otp stores it."""
    typed = SECRET.search(response.content.decode())[1].replace(" ", "")
    return hexlify(b32decode(typed)).decode()


def phone_code(hex_key):
    """What an authenticator app set up with this key shows now."""
    return f"{TOTP(bytes.fromhex(hex_key)).token():06d}"


class EnrolmentTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def test_chief_enrols_with_the_secret_from_the_page_and_sees_recovery_codes_once(self):
        chief = self.users["chief"]
        password_only(self.client, chief)
        page = self.client.get(f"{ENROL_URL}?next=/admin/pages/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "启用两步验证")
        self.assertNotContains(page, 'id="wagtail-sidebar"')  # a sign-in step, not the admin
        self.assertContains(page, 'src="data:image/svg+xml')
        key = secret_on_page(page)
        self.assertEqual(TOTPDevice.objects.get(user=chief, confirmed=False).key, key)
        # Reloading keeps the same secret: the phone may already have scanned it.
        self.assertEqual(secret_on_page(self.client.get(ENROL_URL)), key)

        response = self.client.post(ENROL_URL, {"code": phone_code(key), "next": "/admin/pages/"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(RECOVERY_CODES_URL))
        self.assertTrue(TOTPDevice.objects.get(user=chief).confirmed)

        shown = self.client.get(response["Location"])
        codes = RECOVERY_CODE.findall(shown.content.decode())
        self.assertEqual(len(codes), 10)
        self.assertEqual(
            sorted(code.replace("-", "") for code in codes),
            sorted(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True)),
        )
        self.assertContains(shown, 'href="/admin/pages/"')
        self.assertEqual(
            RECOVERY_CODE.findall(self.client.get(RECOVERY_CODES_URL).content.decode()), []
        )

        # Enrolling verified this session: the admin is open.
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)
        self.assertTrue(
            ModelLogEntry.objects.filter(action="twofactor.enrol", object_id=str(chief.pk)).exists()
        )

    def test_wrong_code_does_not_confirm_the_authenticator(self):
        chief = self.users["chief"]
        password_only(self.client, chief)
        self.client.get(ENROL_URL)
        device = TOTPDevice.objects.get(user=chief)
        response = self.client.post(ENROL_URL, {"code": wrong_code_for(device)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "验证码不正确", status_code=400)
        self.assertFalse(TOTPDevice.objects.get(user=chief).confirmed)
        self.assertFalse(StaticToken.objects.filter(device__user=chief).exists())
        self.assertEqual(self.client.get(ADMIN_HOME)["Location"], f"{ENROL_URL}?next=%2Fadmin%2F")
        self.assertTrue(
            ModelLogEntry.objects.filter(
                action="twofactor.verify_failed", object_id=str(chief.pk)
            ).exists()
        )

    def test_recovery_codes_do_not_confirm_an_authenticator(self):
        password_only(self.client, self.users["chief"])
        self.client.get(ENROL_URL)
        response = self.client.post(ENROL_URL, {"code": "abcd-efgh"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "6 位数字", status_code=400)

    def test_password_alone_cannot_replace_an_enrolled_phone(self):
        chief = self.users["chief"]
        device, _codes = enrol(chief)
        password_only(self.client, chief)
        self.assertEqual(self.client.get(ENROL_URL)["Location"].split("?")[0], VERIFY_URL)
        response = self.client.post(ENROL_URL, {"code": "123456"})
        self.assertEqual(response["Location"].split("?")[0], VERIFY_URL)
        self.assertEqual(list(TOTPDevice.objects.filter(user=chief)), [device])

    def test_verified_user_re_enrols_and_the_old_phone_and_codes_stop_working(self):
        chief = self.users["chief"]
        old_device, old_codes = enrol(chief)
        password_only(self.client, chief)
        verify(self.client, old_device)

        page = self.client.get(ENROL_URL)
        self.assertContains(page, "原来的身份验证器和恢复码立即作废")
        key = secret_on_page(page)
        self.assertNotEqual(key, old_device.key)
        response = self.client.post(ENROL_URL, {"code": phone_code(key), "next": MANAGE_URL})
        self.assertEqual(response.status_code, 302)

        self.assertFalse(TOTPDevice.objects.filter(pk=old_device.pk).exists())
        tokens = set(StaticToken.objects.filter(device__user=chief).values_list("token", flat=True))
        self.assertEqual(len(tokens), 10)
        self.assertFalse(tokens & set(old_codes))
        # Still in: the new authenticator verified this session.
        self.assertEqual(self.client.get(MANAGE_URL).status_code, 200)

    def test_reporter_enrols_voluntarily_from_the_account_page(self):
        reporter = self.users["reporter_xinzhou"]
        password_only(self.client, reporter)
        account = self.client.get("/admin/account/")
        self.assertContains(account, "两步验证")
        self.assertContains(account, f'href="{MANAGE_URL}"')
        manage = self.client.get(MANAGE_URL)
        self.assertContains(manage, "两步验证未启用")
        self.assertContains(manage, f'href="{ENROL_URL}?next={MANAGE_URL}"')

        page = self.client.get(ENROL_URL)
        self.assertContains(page, 'id="wagtail-sidebar"')  # inside the admin, not a sign-in step
        self.client.post(ENROL_URL, {"code": phone_code(secret_on_page(page))})
        self.assertContains(self.client.get(MANAGE_URL), "两步验证已启用")

        # From now on a password alone is not enough for this reporter either.
        self.client.post("/admin/logout/")
        password_only(self.client, reporter)
        self.assertEqual(self.client.get(ADMIN_HOME)["Location"].split("?")[0], VERIFY_URL)
        device = TOTPDevice.objects.get(user=reporter)
        verify(self.client, device, steps_ahead=1)
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)

    def test_enrolment_page_is_in_chinese_and_the_qr_code_encodes_the_key(self):
        password_only(self.client, self.users["chief"])
        page = self.client.get(ENROL_URL)
        self.assertContains(page, '<html lang="zh-hans"')
        self.assertContains(page, "完成绑定")
        device = TOTPDevice.objects.get(user=self.users["chief"])
        self.assertIn("secret=", device.config_url)
        self.assertIn("issuer=", device.config_url)
        self.assertEqual(code_for(device), phone_code(device.key))
