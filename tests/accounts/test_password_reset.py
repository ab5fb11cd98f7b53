"""Password reset: one answer for every address, the mail really sent, off when it cannot be."""

import os
import re
import subprocess
import sys

from django.conf import settings
from django.core import mail
from django.test import TransactionTestCase, override_settings

from accounts.mail import wait_until_sent
from tests.support.accounts import PASSWORD, is_signed_in, make_staff, post_login

RESET_URL = "/admin/password_reset/"


class PasswordResetTest(TransactionTestCase):
    """Transactional: the account lookup and the mail run in accounts.mail's thread."""

    # The flush after each test would drop the content types later tests rely on.
    serialized_rollback = True

    def setUp(self):
        self.editor = make_staff("editor", email="editor@dayuan.example")

    def request_reset(self, email, address):
        response = self.client.post(RESET_URL, {"email": email}, REMOTE_ADDR=address)
        wait_until_sent()
        return response

    def test_known_and_unknown_addresses_get_the_same_answer(self):
        known = self.request_reset("editor@dayuan.example", "203.0.113.1")
        unknown = self.request_reset("nobody@dayuan.example", "203.0.113.2")
        self.assertEqual(known.status_code, 302)
        self.assertEqual(unknown.status_code, known.status_code)
        self.assertEqual(unknown["Location"], known["Location"])
        self.assertEqual(
            sorted(name for name in known.headers if name != "Set-Cookie"),
            sorted(name for name in unknown.headers if name != "Set-Cookie"),
        )
        self.assertEqual(known.content, unknown.content)

    def test_mail_is_sent_to_a_known_address_only(self):
        self.request_reset("nobody@dayuan.example", "203.0.113.2")
        self.assertEqual(mail.outbox, [])
        self.request_reset("Editor@Dayuan.example", "203.0.113.1")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["editor@dayuan.example"])
        self.assertEqual(message.from_email, settings.DEFAULT_FROM_EMAIL)
        self.assertIn("editor", message.body)

    def test_link_in_the_mail_sets_a_new_password(self):
        self.request_reset("editor@dayuan.example", "203.0.113.1")
        link = re.search(
            r"http://testserver(/admin/password_reset/confirm/\S+)", mail.outbox[0].body
        )
        self.assertIsNotNone(link, mail.outbox[0].body)
        form = self.client.get(link[1], follow=True)
        self.assertEqual(form.status_code, 200)
        new_password = "a-long-new-password-2026"
        done = self.client.post(
            form.redirect_chain[-1][0],
            {"new_password1": new_password, "new_password2": new_password},
        )
        self.assertEqual(done.status_code, 302)
        self.assertEqual(post_login(self.client, "editor", new_password).status_code, 302)
        self.assertTrue(is_signed_in(self.client))

    @override_settings(DAYUAN_PASSWORD_RESET_MAIL_LIMIT=(3600, 3))
    def test_one_mailbox_gets_at_most_three_mails_an_hour(self):
        for index in range(5):
            self.request_reset("editor@dayuan.example", f"203.0.113.{10 + index}")
        self.assertEqual(len(mail.outbox), 3)

    def test_done_page_does_not_say_whether_the_address_exists(self):
        response = self.client.get("/admin/password_reset/done/")
        self.assertContains(response, "如果")
        self.assertNotContains(response, "editor@dayuan.example")

    def test_unrelated_login_still_works_after_a_reset_request(self):
        self.request_reset("editor@dayuan.example", "203.0.113.1")
        self.assertEqual(post_login(self.client, "editor", PASSWORD).status_code, 302)


class MailSettingsTest(TransactionTestCase):
    """EMAIL_* come from the environment; production has no reset without a mail server."""

    # The flush after each test would drop the content types later tests rely on.
    serialized_rollback = True

    def settings_in_subprocess(self, module, expression, **env):
        clean = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("EMAIL_", "DEFAULT_FROM", "SERVER_EMAIL"))
        }
        clean.update(
            DJANGO_SETTINGS_MODULE=module,
            SECRET_KEY="subprocess-only-" + "k" * 40,
            ALLOWED_HOSTS="dayuan.example",
            **env,
        )
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from django.conf import settings; "
                f"print({expression})",
            ],
            cwd=settings.BASE_DIR,
            env=clean,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.strip()

    def test_production_without_a_mail_server_has_no_password_reset(self):
        self.assertEqual(
            self.settings_in_subprocess(
                "site_project.settings.production", "settings.WAGTAIL_PASSWORD_RESET_ENABLED"
            ),
            "False",
        )

    def test_production_with_a_mail_server_sends_through_it(self):
        options = self.settings_in_subprocess(
            "site_project.settings.production",
            "(settings.WAGTAIL_PASSWORD_RESET_ENABLED, settings.MAILERS['default']['OPTIONS'],"
            " settings.DEFAULT_FROM_EMAIL, settings.SERVER_EMAIL)",
            EMAIL_HOST="smtp.dayuan.example",
            EMAIL_PORT="465",
            EMAIL_HOST_USER="newsroom",
            EMAIL_HOST_PASSWORD="mail-secret",
            EMAIL_USE_SSL="1",
            EMAIL_TIMEOUT="7",
            DEFAULT_FROM_EMAIL="大院网 <noreply@dayuan.example>",
        )
        self.assertEqual(
            options,
            str(
                (
                    True,
                    {
                        "host": "smtp.dayuan.example",
                        "port": 465,
                        "username": "newsroom",
                        "password": "mail-secret",
                        "use_tls": False,
                        "use_ssl": True,
                        "timeout": 7,
                    },
                    "大院网 <noreply@dayuan.example>",
                    "大院网 <noreply@dayuan.example>",
                )
            ),
        )

    def test_development_keeps_reset_and_prints_mail(self):
        self.assertEqual(
            self.settings_in_subprocess(
                "site_project.settings.dev",
                "(settings.WAGTAIL_PASSWORD_RESET_ENABLED, settings.MAILERS['default']['BACKEND'])",
            ),
            str((True, "django.core.mail.backends.console.EmailBackend")),
        )

    @override_settings(WAGTAIL_PASSWORD_RESET_ENABLED=False)
    def test_disabled_reset_hides_the_link_and_the_form(self):
        login = self.client.get("/admin/login/")
        self.assertNotContains(login, RESET_URL)
        self.assertEqual(self.client.get(RESET_URL).status_code, 404)
