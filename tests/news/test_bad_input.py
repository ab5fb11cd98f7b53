"""Bad addresses and page numbers on the section tree: a 404 or the page, never an error."""

from django.test import TestCase


class BadInputTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        from tests.support.factories import build_site

        cls.tree = build_site()

    def test_unknown_address_is_404(self):
        self.assertEqual(self.client.get("/no-such-section/").status_code, 404)
        self.assertEqual(self.client.get("/gsyl/no-such-city/").status_code, 404)

    def test_bad_page_numbers_on_a_section_never_fail(self):
        for value in ["abc", "-1", "0", "99999999999999999999999", "1e9", "", "%00", "１"]:
            with self.subTest(page=value):
                response = self.client.get("/gsyl/", {"page": value})
                self.assertEqual(response.status_code, 200)
