"""The demo loader: `load_demo_content` builds the city sections and their articles, once."""

import os

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings

from wagtail.models import Page

from home.demo_data import CITIES
from home.models import HomePage
from news.models import ArticlePage, SectionPage


def load_demo_content():
    # As under `make run`: with DEBUG off the loader refuses to create its accounts.
    with override_settings(DEBUG=True):
        call_command("load_demo_content", "--no-index", stdout=open(os.devnull, "w"))  # noqa: SIM115


class DemoContentTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo_content()

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
        load_demo_content()
        after = list(Page.objects.order_by("path").values_list("path", "title", "live"))
        self.assertEqual(before, after)
        self.assertEqual(images_before, ArticlePage.objects.count())
        self.assertEqual(HomePage.objects.count(), 1)

    def test_editor_account_can_log_in_and_is_asked_to_enrol_a_phone(self):
        # A superuser owes the second step (docs/two-factor.md): first sign-in enrols.
        self.assertTrue(self.client.login(username="editor", password="dayuan-editor"))
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"].split("?")[0], "/admin/two-factor/enrol/")


class DemoLoaderUnderProductionSettingsTest(TestCase):
    """DEBUG off: no account with a password printed in the README may be created."""

    def test_refuses_without_the_accounts_flag(self):
        with self.assertRaisesMessage(CommandError, "DEBUG 已关闭"):
            call_command("load_demo_content", "--no-index", stdout=open(os.devnull, "w"))  # noqa: SIM115
        self.assertFalse(HomePage.objects.exists())
        self.assertFalse(get_user_model().objects.exists())

    def test_loads_articles_but_no_account_when_asked(self):
        call_command(
            "load_demo_content",
            "--no-index",
            "--without-accounts",
            stdout=open(os.devnull, "w"),  # noqa: SIM115
        )
        self.assertGreater(ArticlePage.objects.live().count(), 30)
        self.assertFalse(get_user_model().objects.exists())


class DemoPasswordsTest(TestCase):
    def test_every_demo_password_meets_the_sites_own_rules(self):
        from django.contrib.auth.password_validation import validate_password

        from home.management.commands.load_demo_content import (
            EDITOR_PASSWORD,
            NEWSROOM_USERS,
        )

        for password in [EDITOR_PASSWORD, *(user[1] for user in NEWSROOM_USERS)]:
            with self.subTest(password=password):
                validate_password(password)  # raises ValidationError when too short


class DemoNarrowImageTest(TestCase):
    """The demo has a body photo narrower than the article page's 960-pixel rendition,
    so the browser tests' Nu HTML Checker reads a srcset Wagtail could fill twice."""

    @classmethod
    def setUpTestData(cls):
        load_demo_content()

    def test_the_browser_tests_article_has_a_narrow_photo_listed_once_per_width(self):
        from tests.browser.conftest import DEMO_ARTICLE_NUMBER
        from tests.news.test_image_srcset import srcset_problems

        article = ArticlePage.objects.get(article_number=DEMO_ARTICLE_NUMBER)
        widths = [
            block.value["image"].width for block in article.body if block.block_type == "image"
        ]
        self.assertTrue(widths and max(widths) < 960, widths)

        response = self.client.get(article.url)
        problems, tags = srcset_problems(response.content.decode())
        self.assertEqual(problems, [])
        self.assertTrue(any(f"{widths[0]}w" in attrs.get("srcset", "") for _tag, attrs in tags))
