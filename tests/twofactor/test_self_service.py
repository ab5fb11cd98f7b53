"""A user's own 两步验证 page: switching off takes a current code."""

from django.test import TestCase

from wagtail.models import ModelLogEntry

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.newsroom import build_newsroom
from tests.support.twofactor import (
    ADMIN_HOME,
    ENROL_URL,
    MANAGE_URL,
    code_for,
    enrol,
    password_only,
    verify,
    wrong_code_for,
)


class SelfServiceTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def signed_in(self, key):
        user = self.users[key]
        device, codes = enrol(user)
        password_only(self.client, user)
        verify(self.client, device)
        return user, device, codes

    def test_switching_off_needs_a_current_code(self):
        reporter, device, _codes = self.signed_in("reporter_xinzhou")
        page = self.client.get(MANAGE_URL)
        self.assertContains(page, "两步验证已启用")
        self.assertContains(page, "停用两步验证")

        device.throttle_reset()
        response = self.client.post(MANAGE_URL, {"disable-code": wrong_code_for(device)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "验证码不正确", status_code=400)
        self.assertTrue(TOTPDevice.objects.filter(user=reporter).exists())

        device.refresh_from_db()
        device.throttle_reset()
        response = self.client.post(MANAGE_URL, {"disable-code": code_for(device, steps_ahead=1)})
        self.assertEqual(response["Location"], MANAGE_URL)
        self.assertFalse(TOTPDevice.objects.filter(user=reporter).exists())
        self.assertContains(self.client.get(MANAGE_URL), "两步验证未启用")
        disabled = ModelLogEntry.objects.filter(action="twofactor.disable")
        self.assertEqual(list(disabled.values_list("object_id", flat=True)), [str(reporter.pk)])
        # Voluntary, so the reporter simply signs in with a password again.
        self.assertEqual(self.client.get(ADMIN_HOME).status_code, 200)

    def test_a_chief_who_switches_off_must_enrol_again_at_once(self):
        chief, device, codes = self.signed_in("chief")
        response = self.client.post(MANAGE_URL, {"disable-code": codes[0]})
        self.assertEqual(response["Location"], ENROL_URL)
        self.assertEqual(self.client.get(ADMIN_HOME)["Location"].split("?")[0], ENROL_URL)

    def test_malformed_code_when_switching_off_is_a_message(self):
        reporter, _device, _codes = self.signed_in("reporter_xinzhou")
        response = self.client.post(MANAGE_URL, {"disable-code": "nonsense!"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "8 位恢复码", status_code=400)
        self.assertTrue(TOTPDevice.objects.filter(user=reporter).exists())
