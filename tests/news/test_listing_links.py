"""A listing's page links carry only `page`: a cached listing is one page for every reader,
whatever else a reader's address had in its query string."""

from django.test import TestCase, override_settings

from tests.support.factories import build_site, make_articles

HIT = "X-Page-Cache"


@override_settings(DAYUAN_PAGE_SIZE=5)
class ListingLinksTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        make_articles(cls.tree.xinzhou, 12, prefix="忻州新闻", tags=["城市"])

    def test_page_links_drop_other_parameters(self):
        response = self.client.get("/gsyl/xinzhou/", {"page": "2", "utm_source": "wechat"})
        self.assertContains(response, 'href="?page=3"')
        self.assertContains(response, 'href="?page=1"')
        self.assertNotContains(response, "utm_source")
        self.assertNotContains(response, "wechat")

    def test_a_query_string_cannot_change_the_cached_listing_for_others(self):
        attacker = self.client.get("/gsyl/xinzhou/", {"cb": '"><a href="//evil.example">'})
        self.assertEqual(attacker.status_code, 200)
        reader = self.client.get("/gsyl/xinzhou/")
        self.assertEqual(reader.headers.get(HIT), "HIT")
        self.assertNotContains(reader, "evil.example")
        self.assertNotContains(reader, "cb=")

    def test_tag_page_links_drop_other_parameters(self):
        response = self.client.get("/tags/城市/", {"from": "timeline", "page": "1"})
        self.assertContains(response, 'href="?page=2"')
        self.assertNotContains(response, "timeline")
