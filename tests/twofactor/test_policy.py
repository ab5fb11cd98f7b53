"""Who owes a second step, at the cost of at most one query per request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import TestCase, override_settings

from tests.support.newsroom import PASSWORD, build_newsroom
from tests.support.twofactor import enrol
from twofactor import policy


def unverified(user):
    """The user as request.user looks behind OTPMiddleware before the second step."""
    user = get_user_model().objects.get(pk=user.pk)
    user.otp_device = None
    user.is_verified = lambda: False
    return user


class PolicyTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.root = get_user_model().objects.create_superuser("root", password=PASSWORD)

    def test_who_owes_the_second_step(self):
        enrol(self.users["desk_xinzhou"])
        owes = {key: policy.needs_second_step(unverified(user)) for key, user in self.users.items()}
        self.assertEqual(
            owes,
            {
                "reporter_xinzhou": False,
                "desk_xinzhou": True,  # enrolled of their own accord
                "reporter_taiyuan": False,
                "desk_taiyuan": False,
                "chief": True,
                "moderator": False,
            },
        )
        self.assertTrue(policy.needs_second_step(unverified(self.root)))

    def test_one_query_for_a_signed_in_user_without_obligation(self):
        reporter = unverified(self.users["reporter_xinzhou"])
        with self.assertNumQueries(1):
            self.assertFalse(policy.needs_second_step(reporter))
        chief = unverified(self.users["chief"])
        with self.assertNumQueries(1):
            self.assertTrue(policy.needs_second_step(chief))
        root = unverified(self.root)
        with self.assertNumQueries(0):
            self.assertTrue(policy.needs_second_step(root))

    @override_settings(DAYUAN_TWO_FACTOR_REQUIRED_FOR_ALL_STAFF=True)
    def test_all_staff_setting_counts_admin_access(self):
        self.assertTrue(policy.needs_second_step(unverified(self.users["moderator"])))
        reader = get_user_model().objects.create_user("reader", password=PASSWORD)
        self.assertFalse(policy.needs_second_step(unverified(reader)))

    def test_verified_and_anonymous_users_owe_nothing(self):
        chief = unverified(self.users["chief"])
        chief.is_verified = lambda: True
        with self.assertNumQueries(0):
            self.assertFalse(policy.needs_second_step(chief))
        self.assertFalse(policy.needs_second_step(AnonymousUser()))
