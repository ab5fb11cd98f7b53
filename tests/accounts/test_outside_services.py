"""The admin asks no outside host for anything: no Gravatar, no Wagtail update check."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from tests.support.accounts import PASSWORD, make_staff, sign_in_verified


class NoOutsideServicesTest(TestCase):
    def setUp(self):
        self.editor = make_staff("editor", email="editor@dayuan.example")
        self.root = get_user_model().objects.create_superuser(
            "root", email="root@dayuan.example", password=PASSWORD
        )

    def test_admin_pages_show_no_gravatar(self):
        self.client.force_login(self.editor)
        for url in ("/admin/", "/admin/account/", "/admin/pages/"):
            with self.subTest(url=url):
                response = self.client.get(url, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "gravatar")
                self.assertContains(response, "default-user-avatar")

    def test_dashboard_has_no_update_check(self):
        # Only superusers would get the check: look at the dashboard as one.
        sign_in_verified(self.client, self.root)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "w-upgrade")
        self.assertNotContains(response, "releases.wagtail.io")
        self.assertNotContains(response, "gravatar")
