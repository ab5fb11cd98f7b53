"""The demo loader: `load_demo_content` builds the city sections and their articles, once."""

import os

from django.core.management import call_command
from django.test import TestCase

from wagtail.models import Page

from home.demo_data import CITIES
from home.models import HomePage
from news.models import ArticlePage, SectionPage


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
