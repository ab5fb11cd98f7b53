"""Enrolment, reset and failed codes are in Wagtail's log, labelled in Chinese."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from tests.support.newsroom import PASSWORD, build_newsroom
from tests.support.twofactor import (
    VERIFY_URL,
    enrol,
    password_only,
    reset_url,
    verify,
    wrong_code_for,
)
from twofactor.audit import LOG_ACTIONS


class AuditTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.root = get_user_model().objects.create_superuser("root", password=PASSWORD)

    def test_every_action_has_a_chinese_label(self):
        for action, label, _message in LOG_ACTIONS:
            with self.subTest(action=action):
                self.assertTrue(registry.action_exists(action))
                self.assertEqual(registry.get_action_label(action), label)

    def test_failed_code_and_reset_appear_in_the_site_history_report(self):
        chief = self.users["chief"]
        device, _ = enrol(chief)
        password_only(self.client, chief)
        self.client.post(VERIFY_URL, {"code": wrong_code_for(device)})
        self.client.post("/admin/logout/")

        root_device, _ = enrol(self.root)
        password_only(self.client, self.root)
        verify(self.client, root_device)
        self.client.post(reset_url(chief))

        failure = ModelLogEntry.objects.get(action="twofactor.verify_failed")
        self.assertEqual((failure.object_id, failure.user_id), (str(chief.pk), chief.pk))
        reset = ModelLogEntry.objects.get(action="twofactor.reset")
        self.assertEqual((reset.object_id, reset.user_id), (str(chief.pk), self.root.pk))

        report = self.client.get("/admin/reports/site-history/")
        self.assertContains(report, "两步验证失败")
        self.assertContains(report, "重置两步验证")
        history = self.client.get(f"/admin/users/history/{chief.pk}/")
        self.assertContains(history, "重置两步验证")

    def test_wagtail_own_account_log_is_kept_behind_django_otp(self):
        """Wagtail logs an account change against request.user; behind OTPMiddleware that
        user is doubly lazy and Wagtail's log dropped the entry without a word."""
        reporter = self.users["reporter_xinzhou"]
        password_only(self.client, reporter)
        response = self.client.post(
            "/admin/account/",
            {
                "name_email-first_name": "晓燕",
                "name_email-last_name": "王",
                "name_email-email": "wang@example.com",
                "locale-current_time_zone": "Asia/Shanghai",
                "theme-theme": "system",
                "theme-density": "default",
                "theme-contrast": "system",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(reporter.pk)).exists()
        )
