"""`setup_site`: a real front page and section tree for production, with no account."""

import io
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from wagtail.models import Page, Site

from home.models import HomePage, SiteSettings
from news.cities import CITY_NAMES
from news.models import SectionPage
from newsroom import desks, roles


def setup_site(*args):
    out = io.StringIO()
    call_command("setup_site", *args, stdout=out)
    return out.getvalue()


class SetupSiteTest(TestCase):
    def test_replaces_wagtails_placeholder_with_the_portal_tree(self):
        # Wagtail's own migration leaves "Welcome to your new Wagtail site!" as the front page.
        self.assertTrue(Page.objects.filter(depth=2, slug="home").exists())
        output = setup_site("--name", "大院网", "--hostname", "news.example.cn")

        site = Site.objects.get(is_default_site=True)
        self.assertEqual((site.hostname, site.port), ("news.example.cn", 443))
        self.assertIsInstance(site.root_page.specific, HomePage)
        self.assertEqual(Page.objects.filter(depth=2).count(), 1)
        self.assertEqual(SiteSettings.for_site(site).site_name, "大院网")
        cities = SectionPage.objects.filter(is_city=True)
        self.assertEqual(set(cities.values_list("slug", flat=True)), set(CITY_NAMES))
        gsyl = SectionPage.objects.get(slug="gsyl")
        for city in cities:
            self.assertEqual(city.get_parent().pk, gsyl.pk)
            self.assertTrue(city.live)
        for city in cities:
            for role in roles.DESK_ROLES:
                self.assertTrue(
                    Group.objects.filter(name=desks.desk_group_name(city, role)).exists()
                )
        self.assertFalse(get_user_model().objects.exists())
        self.assertIn("https://news.example.cn/", output)

        response = self.client.get("/", HTTP_HOST="news.example.cn")
        self.assertContains(response, "大院网")
        self.assertNotContains(response, "Welcome to your new Wagtail site")

    def test_running_twice_changes_nothing(self):
        setup_site("--name", "大院网", "--hostname", "news.example.cn")
        before = list(Page.objects.order_by("path").values_list("path", "title", "live"))
        output = setup_site("--name", "大院网", "--hostname", "news.example.cn")
        self.assertEqual(
            before, list(Page.objects.order_by("path").values_list("path", "title", "live"))
        )
        self.assertIn("本次新建 0 项", output)

    def test_tree_from_a_file(self):
        tree = [
            {
                "title": "本地新闻",
                "slug": "local",
                "children": [{"title": "忻州", "slug": "xinzhou"}],
            },
            {"title": "评论", "slug": "pinglun"},
        ]
        path = self.tmp_file(json.dumps(tree, ensure_ascii=False))
        setup_site("--name", "忻州新闻网", "--hostname", "xz.example.cn", "--tree", path)
        slugs = set(SectionPage.objects.values_list("slug", flat=True))
        self.assertEqual(slugs, {"local", "xinzhou", "pinglun"})
        self.assertTrue(SectionPage.objects.get(slug="xinzhou").is_city)
        self.assertFalse(SectionPage.objects.get(slug="pinglun").is_city)

    def test_bad_input_is_refused_with_a_message_and_changes_nothing(self):
        cases = [
            (["--hostname", "https://news.example.cn/"], "只写域名"),
            (["--hostname", "news.example.cn", "--port", "70000"], "端口"),
            (["--hostname", "news.example.cn", "--tree", "/nonexistent.json"], "无法读取"),
            (["--hostname", "news.example.cn", "--tree", self.tmp_file("{not json")], "无法读取"),
            (["--hostname", "news.example.cn", "--tree", self.tmp_file('{"a": 1}')], "栏目列表"),
            (
                [
                    "--hostname",
                    "news.example.cn",
                    "--tree",
                    self.tmp_file('[{"title": "x", "slug": "a b"}]'),
                ],
                "只能用字母",
            ),
            (
                [
                    "--hostname",
                    "news.example.cn",
                    "--tree",
                    self.tmp_file('[{"title": "x", "slug": "a"}, {"title": "y", "slug": "a"}]'),
                ],
                "重复",
            ),
        ]
        for args, message in cases:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                setup_site("--name", "大院网", *args)
        self.assertFalse(HomePage.objects.exists())

    def tmp_file(self, text):
        import tempfile

        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")  # noqa: SIM115
        handle.write(text)
        handle.close()
        self.addCleanup(__import__("os").unlink, handle.name)
        return handle.name
