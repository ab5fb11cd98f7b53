"""Staff sessions end after 8 idle hours; activity extends them without a write per request."""

import datetime
import os
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import TestCase
from django.utils import timezone

from accounts.middleware import ACTIVE_KEY
from tests.support.accounts import PASSWORD, make_staff, post_login
from tests.support.factories import build_site

EIGHT_HOURS = datetime.timedelta(hours=8)


class IdleSessionTest(TestCase):
    def setUp(self):
        make_staff("editor")
        self.assertEqual(post_login(self.client, "editor", PASSWORD).status_code, 302)

    def stored(self):
        return Session.objects.get(session_key=self.client.session.session_key)

    def test_login_session_expires_eight_hours_ahead(self):
        remaining = self.stored().expire_date - timezone.now()
        self.assertAlmostEqual(remaining.total_seconds(), EIGHT_HOURS.total_seconds(), delta=60)

    def test_idle_session_is_signed_out(self):
        Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_request_soon_after_the_last_refresh_writes_nothing(self):
        soon = timezone.now() + datetime.timedelta(hours=1)
        Session.objects.update(expire_date=soon)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        self.assertEqual(self.stored().expire_date, soon)

    def test_request_after_five_minutes_pushes_the_expiry_forward(self):
        session = self.client.session
        session[ACTIVE_KEY] = int(time.time()) - settings.DAYUAN_SESSION_REFRESH_SECONDS - 1
        session.save()
        Session.objects.update(expire_date=timezone.now() + datetime.timedelta(hours=1))
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        remaining = self.stored().expire_date - timezone.now()
        self.assertAlmostEqual(remaining.total_seconds(), EIGHT_HOURS.total_seconds(), delta=60)

    def test_logout_ends_the_session(self):
        self.client.post("/admin/logout/")
        self.assertFalse(Session.objects.filter(expire_date__gt=timezone.now()).exists())


class ReaderSessionTest(TestCase):
    def test_reader_request_creates_no_session(self):
        build_site()
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(settings.SESSION_COOKIE_NAME, response.cookies)
        self.assertFalse(Session.objects.exists())


class IdleHoursSettingTest(TestCase):
    def test_idle_hours_come_from_the_environment(self):
        env = {**os.environ, "STAFF_SESSION_IDLE_HOURS": "2.5"}
        env["DJANGO_SETTINGS_MODULE"] = "site_project.settings.dev"
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); from django.conf import settings; "
                "print(settings.SESSION_COOKIE_AGE)",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), str(int(2.5 * 60 * 60)))

    def test_default_is_eight_hours(self):
        self.assertEqual(settings.SESSION_COOKIE_AGE, 8 * 60 * 60)
