"""Publishing purges the front cache at the addresses nginx keys its pages on."""

from django.test import TestCase

from tests.support.factories import build_site, make_article
from tests.support.front_cache import FrontCache


class FrontCachePurgeTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()

    def setUp(self):
        super().setUp()
        self.front = FrontCache()
        self.addCleanup(self.front.close)

    def test_a_chinese_tag_page_is_purged_at_its_address(self):
        # reverse() gives the tag page's address percent-encoded; sent encoded once more,
        # nginx (which decodes once) looked for "/tags/%E9%98%B2%E6%8E%A7/" and never
        # purged the tag page it held.
        with self.settings(WAGTAILFRONTENDCACHE=self.front.settings):
            make_article(self.tree.xinzhou, "忻州新闻", tags=["防控", "交通 安全"])
        purged = self.front.purged()
        self.assertIn("/tags/防控/", purged)
        self.assertIn("/tags/交通 安全/", purged)
        self.assertIn("/gsyl/xinzhou/", purged)
        self.assertFalse([path for path in purged if "%" in path], purged)
