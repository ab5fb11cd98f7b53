"""The skeleton: settings, demo content, the section tree and bad input at this stage."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase

from wagtail.models import Page

from home.demo_data import CITIES
from home.models import HomePage
from news.models import ArticlePage, SectionPage


class LocaleSettingsTest(TestCase):
    def test_site_speaks_simplified_chinese_in_beijing_time(self):
        self.assertEqual(settings.LANGUAGE_CODE, "zh-hans")
        self.assertEqual(settings.TIME_ZONE, "Asia/Shanghai")

    def test_admin_login_page_is_in_chinese(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "登录")


class DemoContentTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", "--no-index", stdout=open(os.devnull, "w"))  # noqa: SIM115

    def test_home_page_links_every_city_section(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "大院网")
        for name, slug, _districts, _river in CITIES:
            self.assertContains(response, f'href="/gsyl/{slug}/"')
            self.assertContains(response, name)

    def test_every_city_section_answers(self):
        for _name, slug, _districts, _river in CITIES:
            with self.subTest(city=slug):
                self.assertEqual(self.client.get(f"/gsyl/{slug}/").status_code, 200)

    def test_city_slugs_are_the_fixed_ones(self):
        slugs = set(SectionPage.objects.filter(is_city=True).values_list("slug", flat=True))
        self.assertEqual(slugs, {slug for _name, slug, _d, _r in CITIES})
        self.assertIn("changzhi", slugs)

    def test_every_city_has_at_least_three_live_articles(self):
        for city in SectionPage.objects.filter(is_city=True):
            with self.subTest(city=city.title):
                self.assertGreaterEqual(ArticlePage.objects.live().child_of(city).count(), 3)

    def test_loading_twice_changes_nothing(self):
        before = list(Page.objects.order_by("path").values_list("path", "title", "live"))
        images_before = ArticlePage.objects.count()
        call_command("load_demo_content", "--no-index", stdout=open(os.devnull, "w"))  # noqa: SIM115
        after = list(Page.objects.order_by("path").values_list("path", "title", "live"))
        self.assertEqual(before, after)
        self.assertEqual(images_before, ArticlePage.objects.count())
        self.assertEqual(HomePage.objects.count(), 1)

    def test_editor_account_can_log_in(self):
        self.assertTrue(self.client.login(username="editor", password="dayuan-editor"))
        self.assertEqual(self.client.get("/admin/").status_code, 200)


class BadInputTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.factories import build_site

        cls.tree = build_site()

    def test_unknown_address_is_404(self):
        self.assertEqual(self.client.get("/no-such-section/").status_code, 404)
        self.assertEqual(self.client.get("/gsyl/no-such-city/").status_code, 404)

    def test_bad_page_numbers_on_a_section_never_fail(self):
        for value in ["abc", "-1", "0", "99999999999999999999999", "1e9", "", "%00", "１"]:
            with self.subTest(page=value):
                response = self.client.get("/gsyl/", {"page": value})
                self.assertEqual(response.status_code, 200)


class ProductionSettingsTest(TestCase):
    """Production reads its configuration from the environment and passes check --deploy."""

    def run_manage(self, *args, env_overrides):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
        }
        env.update({"DJANGO_SETTINGS_MODULE": "site_project.settings.production", **env_overrides})
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_check_deploy_has_zero_warnings(self):
        result = self.run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            env_overrides={
                "SECRET_KEY": "k3y-" + "x7Qp9vZr2LmN8tWb4YcH6jKd1FsGa5Ue" * 2,
                "ALLOWED_HOSTS": "news.example.cn",
            },
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_missing_secret_key_fails_loudly(self):
        result = self.run_manage("check", env_overrides={"ALLOWED_HOSTS": "news.example.cn"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_missing_allowed_hosts_fails_loudly(self):
        result = self.run_manage("check", env_overrides={"SECRET_KEY": "x" * 60})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ALLOWED_HOSTS", result.stderr)


class ContentSecurityPolicyTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.factories import build_site

        build_site()

    def test_public_pages_send_a_strict_policy(self):
        response = self.client.get("/")
        policy = response.headers["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)

    def test_public_pages_have_no_inline_script_or_style(self):
        html = self.client.get("/").content.decode()
        self.assertNotIn("<style", html)
        self.assertNotIn(" style=", html)
        for chunk in html.split("<script")[1:]:
            opening = chunk.split(">", 1)[0]
            self.assertTrue(
                "src=" in opening or "application/ld+json" in opening,
                f"inline script found: <script{opening}>",
            )
