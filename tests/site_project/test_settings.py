"""Site-wide settings: locale, production configuration and the Content Security Policy."""

import os
import subprocess
import sys

from django.conf import settings
from django.test import TestCase


class LocaleSettingsTest(TestCase):
    def test_site_speaks_simplified_chinese_in_beijing_time(self):
        self.assertEqual(settings.LANGUAGE_CODE, "zh-hans")
        self.assertEqual(settings.TIME_ZONE, "Asia/Shanghai")

    def test_admin_login_page_is_in_chinese(self):
        response = self.client.get("/admin/login/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "登录")


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


class WsgiDefaultsToProductionTest(TestCase):
    """gunicorn loads site_project.wsgi: without DJANGO_SETTINGS_MODULE it must not open up."""

    def import_wsgi(self, **env_overrides):
        env = {
            key: value
            for key, value in os.environ.items()
            if key
            not in {
                "DJANGO_SETTINGS_MODULE",
                "DATABASE_URL",
                "REDIS_URL",
                "SECRET_KEY",
                "ALLOWED_HOSTS",
            }
        }
        env.update(env_overrides)
        code = (
            "import site_project.wsgi\n"
            "from django.conf import settings\n"
            "print(settings.SETTINGS_MODULE, settings.DEBUG, settings.ALLOWED_HOSTS)"
        )
        return subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def test_without_settings_module_or_secret_the_server_does_not_start(self):
        result = self.import_wsgi()
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured", result.stderr)
        self.assertIn("SECRET_KEY", result.stderr)

    def test_without_allowed_hosts_the_server_does_not_start(self):
        result = self.import_wsgi(SECRET_KEY="k3y-" + "x7Qp9vZr2LmN8tWb4YcH6jKd1FsGa5Ue" * 2)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ALLOWED_HOSTS", result.stderr)

    def test_with_both_set_it_runs_production_settings(self):
        result = self.import_wsgi(
            SECRET_KEY="k3y-" + "x7Qp9vZr2LmN8tWb4YcH6jKd1FsGa5Ue" * 2,
            ALLOWED_HOSTS="news.example.cn",
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.split(),
            ["site_project.settings.production", "False", "['news.example.cn']"],
        )


class ContentSecurityPolicyTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.support.factories import build_site

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


def csp_directives(policy):
    """{"script-src": ["'self'"], ...} from a Content-Security-Policy header."""
    directives = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class SecurityHeadersTest(TestCase):
    """Public pages, admin pages and previews each get the policy meant for them."""

    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        from tests.support.factories import build_site, make_article

        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "预览测试文章")
        cls.admin = get_user_model().objects.create_superuser("root", password="x" * 16)

    def test_public_page_cannot_be_framed_and_asks_for_no_device(self):
        response = self.client.get(self.article.url)
        directives = csp_directives(response.headers["Content-Security-Policy"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertEqual(response.headers["Cross-Origin-Resource-Policy"], "same-origin")
        policy = response.headers["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            self.assertIn(feature, policy)

    def test_admin_policy_has_no_eval_no_foreign_images_and_pins_forms_and_base(self):
        self.client.force_login(self.admin)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        directives = csp_directives(response.headers["Content-Security-Policy"])
        self.assertNotIn("'unsafe-eval'", directives["script-src"])
        self.assertNotIn("https:", directives["img-src"])
        self.assertNotIn("https:", directives["frame-src"])
        self.assertEqual(directives["base-uri"], ["'self'"])
        self.assertEqual(directives["form-action"], ["'self'"])
        self.assertEqual(directives["frame-ancestors"], ["'none'"])
        self.assertIn("Permissions-Policy", response.headers)
        self.assertEqual(response.headers["Cross-Origin-Resource-Policy"], "same-origin")

    def test_preview_gets_the_public_policy_framable_by_the_admin_only(self):
        from tests.support.newsroom import article_form

        self.client.force_login(self.admin)
        url = f"/admin/pages/{self.article.pk}/edit/preview/"
        self.assertEqual(self.client.post(url, article_form(title="预览标题")).status_code, 200)
        response = self.client.get(url)
        self.assertContains(response, "预览标题")
        directives = csp_directives(response.headers["Content-Security-Policy"])
        self.assertEqual(directives["script-src"], ["'self'"])
        self.assertEqual(directives["style-src"], ["'self'"])
        self.assertEqual(directives["frame-ancestors"], ["'self'"])
