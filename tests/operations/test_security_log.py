"""Security events in the process's log (JSON lines beside the request log in production)."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from tests.operations.logs import json_lines
from tests.support.accounts import PASSWORD, make_staff, post_login
from tests.support.twofactor import VERIFY_URL, enrol, wrong_code_for

ADDRESS = "203.0.113.77"


def events(lines):
    return [line for line in lines if line["logger"] == "dayuan.security"]


class LoginEventsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = make_staff("xiaowang")

    def test_a_failed_login(self):
        with json_lines("dayuan.security") as lines:
            post_login(self.client, "xiaowang", "wrong-password-1", address=ADDRESS)
        [line] = events(lines)
        self.assertEqual(line["level"], "WARNING")
        self.assertEqual(line["event"], "accounts.login_failed")
        self.assertEqual(
            (line["username"], line["client"], line["failures"]), ("xiaowang", ADDRESS, 1)
        )
        self.assertEqual(line["message"], f"登录失败:xiaowang,来自 {ADDRESS}")

    def test_a_lock_out(self):
        with json_lines("dayuan.security") as lines:
            for attempt in range(5):
                post_login(self.client, "xiaowang", f"wrong-password-{attempt}", address=ADDRESS)
        locks = [line for line in events(lines) if line["event"] == "accounts.locked"]
        self.assertEqual(len(locks), 1, lines)
        self.assertEqual(
            (locks[0]["level"], locks[0]["username"], locks[0]["client"], locks[0]["rule"]),
            ("WARNING", "xiaowang", ADDRESS, "account"),
        )

    def test_a_login(self):
        with json_lines("dayuan.security") as lines:
            response = post_login(self.client, "xiaowang", PASSWORD, address=ADDRESS)
        self.assertEqual(response.status_code, 302)
        [line] = events(lines)
        self.assertEqual((line["level"], line["event"]), ("INFO", "accounts.login"))

    def test_a_wrong_second_factor_code(self):
        root = get_user_model().objects.create_superuser("root", password=PASSWORD)
        device, _codes = enrol(root)
        self.assertEqual(post_login(self.client, "root", PASSWORD).status_code, 302)
        with json_lines("dayuan.security") as lines:
            response = self.client.post(VERIFY_URL, {"code": wrong_code_for(device)})
        self.assertEqual(response.status_code, 400)
        [line] = events(lines)
        self.assertEqual(
            (line["level"], line["event"], line["username"]),
            ("WARNING", "twofactor.verify_failed", "root"),
        )


class RefusalEventsTest(TestCase):
    KEYS = ("level", "event", "username", "method", "path", "status", "client")

    def test_an_admin_refusal_names_the_user_and_the_message_still_shows(self):
        # Wagtail answers a refusal in its admin with a redirect home and a message.
        self.client.force_login(make_staff("xiaowang"))
        with json_lines("dayuan.security") as lines:
            response = self.client.get("/admin/two-factor/users/", REMOTE_ADDR=ADDRESS)
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        [line] = events(lines)
        self.assertEqual(
            {key: line[key] for key in self.KEYS},
            {
                "level": "WARNING",
                "event": "forbidden",
                "username": "xiaowang",
                "method": "GET",
                "path": "/admin/two-factor/users/",
                "status": 302,
                "client": ADDRESS,
            },
        )
        self.assertContains(self.client.get("/admin/"), "没有权限")

    def test_a_403_names_the_user(self):
        # An admin request made by a script gets a plain 403 from Wagtail.
        self.client.force_login(make_staff("xiaowang"))
        with json_lines("dayuan.security") as lines:
            response = self.client.get(
                "/admin/accounts/lockouts/",
                headers={"x-requested-with": "XMLHttpRequest"},
                REMOTE_ADDR=ADDRESS,
            )
        self.assertEqual(response.status_code, 403)
        [line] = events(lines)
        self.assertEqual(
            (line["event"], line["username"], line["status"]), ("forbidden", "xiaowang", 403)
        )

    def test_a_message_that_is_no_refusal_is_no_event(self):
        self.client.force_login(make_staff("xiaowang"))
        with json_lines("dayuan.security") as lines:
            self.client.get("/admin/")
            self.client.get("/admin/logout/")
        self.assertEqual(events(lines), [])

    def test_a_failed_csrf_check_of_an_anonymous_client(self):
        client = self.client_class(enforce_csrf_checks=True)
        with json_lines("dayuan.security") as lines:
            response = client.post("/admin/login/", {"username": "x", "password": "y"})
        self.assertEqual(response.status_code, 403)
        [line] = events(lines)
        self.assertEqual((line["event"], line["username"]), ("forbidden", ""))
        self.assertIn("未登录", line["message"])
