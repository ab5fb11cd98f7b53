"""Search filters that cannot be read are ignored, and the page says so where a screen
reader announces it (role=alert) and ties each message to its field (aria-describedby)."""

import re

from django.test import TestCase, override_settings

from tests.support.factories import build_site, make_article

NO_PAGE_CACHE = override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)


def field(html, name):
    match = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match[0]


@NO_PAGE_CACHE
class SearchFilterErrorTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        make_article(tree.xinzhou, "忻州新开通一条公交线路")

    def test_unreadable_date_is_announced_and_tied_to_its_field(self):
        for value in ("2024-13-45", "yesterday", "1800-01-01"):
            with self.subTest(value):
                response = self.client.get("/search/", {"q": "公交", "start": value})
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                alert = html.split('<div class="search-errors" role="alert">', 1)[1]
                self.assertIn('<p id="search-error-start">开始日期:', alert.split("</div>")[0])
                start = field(html, "start")
                self.assertIn('aria-invalid="true"', start)
                self.assertIn('aria-describedby="search-date-hint search-error-start"', start)
                self.assertNotIn("aria-invalid", field(html, "end"))
                # Searched without it.
                self.assertContains(response, '<li class="search-hit">', count=1)

    def test_unknown_section_and_sort_are_announced(self):
        response = self.client.get("/search/", {"q": "公交", "section": "999999", "sort": "x"})
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('<p id="search-error-section">栏目:', html)
        self.assertIn('<p id="search-error-sort">排序:', html)
        self.assertIn('aria-describedby="search-error-section"', field(html, "section"))

    def test_valid_filters_show_no_error(self):
        response = self.client.get(
            "/search/", {"q": "公交", "start": "2020-01-01", "end": "2100-01-01"}
        )
        self.assertNotContains(response, 'role="alert"')
        self.assertNotContains(response, "aria-invalid")
        self.assertContains(response, 'aria-describedby="search-date-hint"', count=2)
        self.assertContains(response, "日期按“年-月-日”填写")
