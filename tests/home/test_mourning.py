"""Mourning mode (全站变灰): the schedule in the site settings, the class on every reader
page, the worker's purge at start and end (page cache and front cache), the one-click
switch on the dashboard."""

import datetime
import io
import re
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, TestCase
from django.utils import timezone

from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import SiteSettings
from tests.support.factories import make_article
from tests.support.front_cache import FrontCache
from tests.support.newsroom import build_newsroom

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)
HTML_TAG = re.compile(r"<html[^>]*>")


def travel(moment):
    """Django's clock (and so every `timezone.now()`) at `moment`, running on from there."""
    offset = moment - timezone.now()
    real_now = timezone.now
    return mock.patch("django.utils.timezone.now", lambda: real_now() + offset)


def run_worker():
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out, stderr=io.StringIO())
    return out.getvalue()


class MourningTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.site = Site.objects.get(is_default_site=True)

    def settings_row(self):
        return SiteSettings.objects.get_or_create(site=self.site)[0]

    def schedule(self, start, end=None):
        settings = self.settings_row()
        settings.mourning_start, settings.mourning_end = start, end
        settings.full_clean()
        settings.save()

    def fetch(self, path="/"):
        response = self.client.get(path, headers={"user-agent": BROWSER})
        self.assertEqual(response.status_code, 200, path)
        return response

    def html_tag(self, path="/"):
        response = self.fetch(path)
        return HTML_TAG.search(response.content.decode()).group(), response.get("X-Page-Cache")


class ScheduleValidationTest(MourningTestCase):
    def test_end_must_come_after_start(self):
        now = timezone.now()
        settings = self.settings_row()
        settings.mourning_start, settings.mourning_end = now, now - HOUR
        with self.assertRaises(ValidationError) as caught:
            settings.full_clean()
        self.assertEqual(
            caught.exception.message_dict["mourning_end"], ["结束时间必须晚于开始时间。"]
        )

    def test_end_without_start_is_refused(self):
        settings = self.settings_row()
        settings.mourning_end = timezone.now()
        with self.assertRaises(ValidationError) as caught:
            settings.full_clean()
        self.assertIn("mourning_start", caught.exception.message_dict)

    def admin_form(self, start, end):
        return nested_form_data(
            {
                "site_name": "大院网",
                "about_title": "关于大院网",
                "about_text": "",
                "copyright_statement": "",
                "footer_copyright": "Copyright © 大院网",
                "disclaimer_zh": "",
                "disclaimer_en": "",
                "icp_number": "",
                "police_number": "",
                "police_link": "",
                "public_service_links": streamfield([]),
                "friendly_links": streamfield([]),
                "mourning_start": start,
                "mourning_end": end,
            }
        )

    def test_admin_form_says_what_is_wrong(self):
        # The settings page is the administrator's (主编 has the one-click switch).
        admin = get_user_model().objects.create_superuser("admin", password="admin-pass")
        self.client.force_login(admin)
        url = f"/admin/settings/home/sitesettings/{self.site.pk}/"
        self.settings_row()
        response = self.client.post(url, self.admin_form("2026-12-13 10:00", "2026-12-13 09:00"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "结束时间必须晚于开始时间。")
        response = self.client.post(url, self.admin_form("明天", ""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "全站变灰开始时间")
        self.assertIsNone(self.settings_row().mourning_start)
        response = self.client.post(url, self.admin_form("2026-12-13 10:00", "2026-12-14 00:00"))
        self.assertEqual(response.status_code, 302)
        saved = self.settings_row()
        self.assertEqual(saved.mourning_end - saved.mourning_start, 14 * HOUR)


class ReaderPagesTest(MourningTestCase):
    def paths(self):
        return ["/", "/gsyl/xinzhou/", self.article.url, "/search/?q=忻州"]

    def test_grey_inside_the_window_only(self):
        now = timezone.now()
        cases = [
            ("before", now + HOUR, now + 2 * HOUR, False),
            ("inside", now - HOUR, now + HOUR, True),
            ("open-ended", now - HOUR, None, True),
            ("after", now - 2 * HOUR, now - HOUR, False),
        ]
        for label, start, end, grey in cases:
            self.schedule(start, end)
            for path in self.paths():
                with self.subTest(label, path=path):
                    tag, _ = self.html_tag(path)
                    if grey:
                        self.assertEqual(tag, '<html lang="zh-CN" class="mourning">')
                    else:
                        self.assertEqual(tag, '<html lang="zh-CN">')

    def test_admin_is_never_grey(self):
        self.schedule(timezone.now() - HOUR)
        self.client.force_login(self.users["chief"])
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("mourning", HTML_TAG.search(response.content.decode()).group())

    def test_stylesheet_greys_the_whole_page(self):
        with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
            css = stylesheet.read()
        self.assertRegex(css, r"html\.mourning\s*\{\s*filter:\s*grayscale\(1\);\s*\}")


class WorkerTest(MourningTestCase):
    def test_cached_page_follows_the_schedule(self):
        start = timezone.now() + HOUR
        end = start + HOUR
        self.schedule(start, end)
        self.fetch("/")
        self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN">', "HIT"))

        with travel(start + MINUTE):
            # Cached before the start, so still colourful: what the worker is for.
            self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN">', "HIT"))
            output = run_worker()
            self.assertIn("全站变灰开始,已清除全部缓存。", output)
            self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN" class="mourning">', None))
            self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN" class="mourning">', "HIT"))
            # The state is recorded: the next run purges nothing.
            self.assertNotIn("全站变灰", run_worker())
            self.assertEqual(self.html_tag("/")[1], "HIT")

        with travel(end + MINUTE):
            self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN" class="mourning">', "HIT"))
            self.assertIn("全站变灰结束,已清除全部缓存。", run_worker())
            self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN">', None))
            self.assertFalse(self.settings_row().mourning_applied)

    def test_front_cache_is_purged_at_the_boundary(self):
        start = timezone.now() + HOUR
        self.schedule(start, start + HOUR)
        front = FrontCache()
        self.addCleanup(front.close)
        with self.settings(WAGTAILFRONTENDCACHE=front.settings), travel(start + MINUTE):
            run_worker()
        purged = front.purged()
        for path in ["/", "/gsyl/xinzhou/", self.article.url, "/rss.xml"]:
            self.assertIn(path, purged)

    def test_failed_front_cache_purge_is_retried(self):
        start = timezone.now() + HOUR
        self.schedule(start, start + HOUR)
        front = FrontCache(statuses={"/.purge/rss.xml?": 500})
        self.addCleanup(front.close)
        with self.settings(WAGTAILFRONTENDCACHE=front.settings), travel(start + MINUTE):
            with self.assertRaisesMessage(CommandError, "前端缓存没有全部清除"):
                run_worker()
            self.assertFalse(self.settings_row().mourning_applied)
        with travel(start + MINUTE):
            self.assertIn("全站变灰开始", run_worker())
            self.assertTrue(self.settings_row().mourning_applied)


class OneClickTest(MourningTestCase):
    def switch(self, action, user="chief", client=None):
        client = client or self.client
        client.force_login(self.users[user])
        return client.post("/admin/mourning/", {"action": action})

    def test_chief_turns_it_on_and_off_at_once(self):
        self.fetch("/")
        self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN">', "HIT"))
        response = self.switch("on")
        self.assertRedirects(response, "/admin/")
        self.client.logout()
        # No worker run in between: the click purged already.
        self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN" class="mourning">', None))
        self.assertEqual(self.html_tag(self.article.url)[0], '<html lang="zh-CN" class="mourning">')
        self.assertTrue(self.settings_row().mourning_applied)
        self.assertNotIn("全站变灰", run_worker())

        self.switch("off")
        self.client.logout()
        self.assertEqual(self.html_tag("/"), ('<html lang="zh-CN">', None))
        settings = self.settings_row()
        self.assertFalse(settings.mourning_applied)
        self.assertIsNotNone(settings.mourning_end)

    def test_dashboard_panel_for_chief_only(self):
        self.client.force_login(self.users["chief"])
        self.assertContains(self.client.get("/admin/"), "立即开启全站变灰")
        self.switch("on")
        self.assertContains(self.client.get("/admin/"), "立即关闭全站变灰")
        self.client.force_login(self.users["desk_xinzhou"])
        self.assertNotContains(self.client.get("/admin/"), "全站变灰")

    def test_refused_without_permission_csrf_or_a_known_action(self):
        # Wagtail's admin answers a refusal with a redirect and a message.
        refused = self.switch("on", user="desk_xinzhou")
        self.assertEqual(refused.status_code, 302)
        self.assertIsNone(self.settings_row().mourning_start)
        self.assertEqual(self.switch("sideways").status_code, 400)
        self.assertEqual(self.client.get("/admin/mourning/").status_code, 405)
        strict = Client(enforce_csrf_checks=True)
        self.assertEqual(self.switch("on", client=strict).status_code, 403)
        self.assertIsNone(self.settings_row().mourning_start)
