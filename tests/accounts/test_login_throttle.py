"""Login and reset forms are rate-limited per address before any password is hashed."""

from django.test import TestCase, TransactionTestCase, override_settings

from tests.support.accounts import (
    COUNTING_HASHERS,
    LOGIN_URL,
    PASSWORD,
    CountingHasher,
    is_signed_in,
    make_staff,
    post_login,
)

FLOODER = "198.51.100.99"


@override_settings(PASSWORD_HASHERS=COUNTING_HASHERS, DAYUAN_LOGIN_RATE_LIMIT=(60, 20))
class LoginRateLimitTest(TestCase):
    def setUp(self):
        make_staff("editor")
        CountingHasher.computed = 0

    def test_twenty_first_login_post_in_a_minute_is_429_with_retry_after(self):
        # Different usernames: no lock-out rule is reached, only the rate.
        statuses = [
            post_login(self.client, f"user{index}", "wrong-password", FLOODER).status_code
            for index in range(20)
        ]
        self.assertEqual(statuses, [200] * 20)
        response = post_login(self.client, "editor", PASSWORD, FLOODER)
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "登录尝试过于频繁", status_code=429)
        self.assertTrue(1 <= int(response["Retry-After"]) <= 60)
        self.assertFalse(is_signed_in(self.client))

    def test_throttled_post_computes_no_hash(self):
        for index in range(20):
            post_login(self.client, f"user{index}", "wrong-password", FLOODER)
        self.assertEqual(CountingHasher.computed, 20)
        for _ in range(30):
            post_login(self.client, "someone", "wrong-password", FLOODER)
        self.assertEqual(CountingHasher.computed, 20)

    def test_throttled_post_needs_no_csrf_token_or_session(self):
        # Refused before the CSRF check: a flood costs nothing more than the count.
        client = self.client_class(enforce_csrf_checks=True)
        for index in range(21):
            response = post_login(client, f"user{index}", "wrong-password", FLOODER)
        self.assertEqual(response.status_code, 429)

    def test_other_addresses_still_log_in(self):
        for index in range(25):
            post_login(self.client, f"user{index}", "wrong-password", FLOODER)
        response = post_login(self.client, "editor", PASSWORD, "203.0.113.7")
        self.assertEqual(response.status_code, 302)

    def test_login_page_itself_is_not_limited(self):
        for index in range(25):
            post_login(self.client, f"user{index}", "wrong-password", FLOODER)
        response = self.client.get(LOGIN_URL, REMOTE_ADDR=FLOODER)
        self.assertEqual(response.status_code, 200)


@override_settings(DAYUAN_PASSWORD_RESET_RATE_LIMIT=(3600, 5))
class PasswordResetRateLimitTest(TransactionTestCase):
    """Transactional: the reset mail's lookup runs in another thread (accounts.mail)."""

    # The flush after each test would drop the content types later tests rely on.
    serialized_rollback = True

    def post_reset(self, address=FLOODER):
        return self.client.post(
            "/admin/password_reset/", {"email": "nobody@example.com"}, REMOTE_ADDR=address
        )

    def test_sixth_reset_request_in_an_hour_is_429(self):
        statuses = [self.post_reset().status_code for _ in range(5)]
        self.assertEqual(statuses, [302] * 5)
        response = self.post_reset()
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "重置密码请求过于频繁", status_code=429)
        self.assertIn("Retry-After", response)
        self.assertEqual(self.post_reset("203.0.113.7").status_code, 302)
