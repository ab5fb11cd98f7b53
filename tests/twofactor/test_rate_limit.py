"""Code attempts are limited per user, so six digits cannot be guessed."""

import time

from django.test import TestCase, override_settings

from tests.support.newsroom import build_newsroom
from tests.support.twofactor import (
    ADMIN_HOME,
    VERIFY_URL,
    code_for,
    enrol,
    password_only,
    wrong_code_for,
)


def inside_one_window(window, needed=20):
    """throttle.limits counts in fixed windows: start where the attempts all fall in one."""
    left = window - time.time() % window
    if left < needed:
        time.sleep(left + 0.1)


class RateLimitTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def setUp(self):
        self.chief = self.users["chief"]
        self.device, self.codes = enrol(self.chief)
        password_only(self.client, self.chief)

    def clear_device_back_off(self):
        """django-otp's own back-off (1, 2, 4 … s) is tested apart; here only our limit."""
        self.device.refresh_from_db()
        self.device.throttle_reset()

    def test_sixth_attempt_in_fifteen_minutes_is_refused_even_with_the_right_code(self):
        inside_one_window(15 * 60)
        for _ in range(5):
            self.clear_device_back_off()
            self.assertEqual(
                self.client.post(VERIFY_URL, {"code": wrong_code_for(self.device)}).status_code, 400
            )
        self.clear_device_back_off()
        response = self.client.post(VERIFY_URL, {"code": code_for(self.device)})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "尝试次数过多", status_code=429)
        self.assertEqual(self.client.get(ADMIN_HOME)["Location"].split("?")[0], VERIFY_URL)

    def test_recovery_codes_count_against_the_same_limit(self):
        inside_one_window(15 * 60)
        for _ in range(5):
            self.client.post(VERIFY_URL, {"code": "zzzz-zzzz"})
        response = self.client.post(VERIFY_URL, {"code": self.codes[0]})
        self.assertEqual(response.status_code, 429)
        self.assertEqual(self.device.user.staticdevice_set.get().token_set.count(), 10)

    def test_the_limit_is_per_user(self):
        inside_one_window(15 * 60)
        for _ in range(6):
            self.client.post(VERIFY_URL, {"code": "zzzz-zzzz"})
        editor = self.users["desk_xinzhou"]
        editor_device, _ = enrol(editor)
        other = self.client_class()
        password_only(other, editor)
        self.assertEqual(other.post(VERIFY_URL, {"code": code_for(editor_device)}).status_code, 302)

    def test_device_backs_off_after_a_wrong_code(self):
        self.client.post(VERIFY_URL, {"code": wrong_code_for(self.device)})
        response = self.client.post(VERIFY_URL, {"code": code_for(self.device)})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "连续输错次数过多", status_code=429)

    @override_settings(DAYUAN_TWO_FACTOR_CODE_LIMIT=(2, 60))
    def test_limit_comes_from_the_setting(self):
        inside_one_window(60, needed=10)
        self.client.post(VERIFY_URL, {"code": "zzzz-zzzz"})
        self.client.post(VERIFY_URL, {"code": "zzzz-zzzz"})
        self.assertEqual(self.client.post(VERIFY_URL, {"code": "zzzz-zzzz"}).status_code, 429)
