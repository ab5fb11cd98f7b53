"""Failed logins lock the account for the address they come from, and the address itself."""

import datetime

from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import timezone

from axes.models import AccessAttempt

from tests.support.accounts import (
    COUNTING_HASHERS,
    PASSWORD,
    CountingHasher,
    is_signed_in,
    make_staff,
    post_login,
)

ATTACKER = "198.51.100.23"
NEWSROOM = "203.0.113.7"


@override_settings(PASSWORD_HASHERS=COUNTING_HASHERS, DAYUAN_LOGIN_RATE_LIMIT=(60, 1000))
class AccountLockoutTest(TestCase):
    """The rate limit is raised here so these tests see the lock-out rules alone."""

    def setUp(self):
        self.editor = make_staff("editor")
        CountingHasher.computed = 0

    def fail(self, times, username="editor", address=ATTACKER):
        return [post_login(self.client, username, "wrong-password", address) for _ in range(times)]

    def test_four_wrong_passwords_leave_the_account_open(self):
        responses = self.fail(4)
        self.assertEqual([response.status_code for response in responses], [200] * 4)
        response = post_login(self.client, "editor", PASSWORD, ATTACKER)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(is_signed_in(self.client))

    def test_fifth_wrong_password_locks_and_the_right_one_is_then_refused(self):
        responses = self.fail(5)
        self.assertEqual([response.status_code for response in responses[:4]], [200] * 4)
        locked = responses[4]
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "登录已暂时锁定", status_code=429)
        self.assertGreater(int(locked["Retry-After"]), 14 * 60)

        response = post_login(self.client, "editor", PASSWORD, ATTACKER)
        self.assertEqual(response.status_code, 429)
        self.assertFalse(is_signed_in(self.client))

    def test_locked_login_computes_no_hash(self):
        self.fail(5)
        self.assertEqual(CountingHasher.computed, 5)
        self.fail(10)
        post_login(self.client, "editor", PASSWORD, ATTACKER)
        self.assertEqual(CountingHasher.computed, 5)

    def test_refused_guesses_are_not_counted(self):
        self.fail(12)
        attempts = AccessAttempt.objects.filter(username="editor", ip_address=ATTACKER)
        self.assertEqual(sum(attempts.values_list("failures_since_start", flat=True)), 5)

    def test_same_account_still_logs_in_from_the_newsroom(self):
        self.fail(5)
        response = post_login(self.client, "editor", PASSWORD, NEWSROOM)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(is_signed_in(self.client))

    def test_unknown_username_is_locked_like_a_real_one(self):
        responses = self.fail(5, username="nobody")
        self.assertEqual([response.status_code for response in responses], [200] * 4 + [429])
        # An unknown name costs a hash too (ModelBackend hashes anyway), until locked.
        self.assertEqual(CountingHasher.computed, 5)

    def test_lock_ends_after_fifteen_minutes(self):
        self.fail(5)
        AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
        response = post_login(self.client, "editor", PASSWORD, ATTACKER)
        self.assertEqual(response.status_code, 302)

    def test_success_clears_the_failures(self):
        self.fail(4)
        post_login(self.client, "editor", PASSWORD, ATTACKER)
        self.client.logout()
        responses = self.fail(4)
        self.assertEqual([response.status_code for response in responses], [200] * 4)


@override_settings(PASSWORD_HASHERS=COUNTING_HASHERS, DAYUAN_LOGIN_RATE_LIMIT=(60, 1000))
class AddressLockoutTest(TestCase):
    def setUp(self):
        self.editor = make_staff("editor")
        CountingHasher.computed = 0

    def spray(self, count, address=ATTACKER):
        """Four guesses at each of many usernames: no account reaches its own limit."""
        return [
            post_login(self.client, f"user{index // 4}", "wrong-password", address)
            for index in range(count)
        ]

    def test_fiftieth_failure_locks_the_address(self):
        responses = self.spray(50)
        self.assertEqual([response.status_code for response in responses[:49]], [200] * 49)
        self.assertEqual(responses[49].status_code, 429)

        response = post_login(self.client, "editor", PASSWORD, ATTACKER)
        self.assertEqual(response.status_code, 429)
        self.assertFalse(is_signed_in(self.client))
        self.assertEqual(CountingHasher.computed, 50)

    def test_other_addresses_are_not_affected(self):
        self.spray(50)
        response = post_login(self.client, "editor", PASSWORD, NEWSROOM)
        self.assertEqual(response.status_code, 302)

    def test_lock_page_is_chinese_without_the_login_form(self):
        response = self.spray(50)[-1]
        self.assertContains(response, 'lang="zh-hans"', status_code=429)
        self.assertContains(response, "返回登录页面", status_code=429)
        self.assertNotContains(response, 'name="password"', status_code=429)
        self.assertEqual(response["Cache-Control"], "no-store")


@override_settings(DAYUAN_LOGIN_RATE_LIMIT=(60, 1000))
class IPv6LockoutTest(TestCase):
    """One IPv6 subscriber holds a whole /64: its addresses count as one (throttle.clients)."""

    def setUp(self):
        make_staff("editor")

    def test_addresses_of_one_slash_64_share_the_lock(self):
        statuses = [
            post_login(
                self.client, "editor", "wrong-password", f"2001:db8:1:2::{index}"
            ).status_code
            for index in range(1, 6)
        ]
        self.assertEqual(statuses, [200] * 4 + [429])
        self.assertEqual(
            post_login(self.client, "editor", PASSWORD, "2001:db8:1:2::99").status_code, 429
        )
        self.assertEqual(
            post_login(self.client, "editor", PASSWORD, "2001:db8:1:3::1").status_code, 302
        )
        self.assertEqual(AccessAttempt.objects.get().ip_address, "2001:db8:1:2::")


class FirstBackendSessionTest(TestCase):
    def test_session_signed_in_with_the_first_backend_reaches_the_admin(self):
        # Wagtail's page test helpers sign in with AUTHENTICATION_BACKENDS[0].
        editor = make_staff("editor")
        self.client.force_login(editor, backend=settings.AUTHENTICATION_BACKENDS[0])
        self.assertEqual(self.client.get("/admin/").status_code, 200)
