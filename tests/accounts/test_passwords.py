"""Argon2 for new hashes, old PBKDF2 hashes upgraded at login, at least 12 characters."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings

from site_project.settings import base
from tests.support.accounts import make_staff, post_login

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


class PasswordHashingTest(TestCase):
    def test_every_environment_hashes_new_passwords_with_argon2(self):
        # The test settings swap in MD5 for speed; base (so dev and production) must not.
        self.assertEqual(base.PASSWORD_HASHERS[0], ARGON2)
        self.assertIn(PBKDF2, base.PASSWORD_HASHERS)

    @override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
    def test_new_password_is_an_argon2_hash(self):
        user = make_staff("editor", password="a-new-password-2026")
        self.assertTrue(user.password.startswith("argon2$argon2id$"))

    @override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS)
    def test_old_pbkdf2_hash_still_logs_in_and_is_upgraded(self):
        user = make_staff("veteran")
        get_user_model().objects.filter(pk=user.pk).update(
            password=make_password("an-old-password-2019", hasher="pbkdf2_sha256")
        )
        response = post_login(self.client, "veteran", "an-old-password-2019")
        self.assertEqual(response.status_code, 302)
        user.refresh_from_db()
        self.assertTrue(user.password.startswith("argon2$"))


class PasswordLengthTest(TestCase):
    def test_eleven_characters_are_too_few(self):
        with self.assertRaisesMessage(ValidationError, "12"):
            validate_password("dqx-7kw-p2m")

    def test_twelve_characters_are_enough(self):
        self.assertIsNone(validate_password("dqx-7kw-p2mz"))

    def test_admin_refuses_a_short_new_password(self):
        editor = make_staff("editor", password="the-first-password-1")
        self.client.force_login(editor)
        response = self.client.post(
            "/admin/account/",
            {
                "password-old_password": "the-first-password-1",
                "password-new_password1": "dqx-7kw-p2m",
                "password-new_password2": "dqx-7kw-p2m",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "至少要包含 12 个字符")
        editor.refresh_from_db()
        self.assertTrue(editor.check_password("the-first-password-1"))

    def test_validator_setting_asks_for_twelve(self):
        (length,) = [
            validator
            for validator in settings.AUTH_PASSWORD_VALIDATORS
            if validator["NAME"].endswith("MinimumLengthValidator")
        ]
        self.assertEqual(length["OPTIONS"]["min_length"], 12)
