"""The page cache's settings: its middleware comes first, and its cache alias may be left out."""

from django.conf import settings
from django.core.cache import caches
from django.core.checks import run_checks
from django.test import SimpleTestCase, TestCase, override_settings

from pagecache.backends import get_near_cache, near_cache
from pagecache.checks import PAGE_CACHE_MIDDLEWARE


class MiddlewareOrderCheckTest(TestCase):
    """Through `manage.py check`: some of the other checks read the database."""

    def errors(self):
        return [message for message in run_checks() if message.id == "pagecache.E001"]

    def test_the_projects_middleware_order_passes(self):
        self.assertEqual(settings.MIDDLEWARE[0], PAGE_CACHE_MIDDLEWARE)
        self.assertEqual(self.errors(), [])

    def test_page_cache_after_another_middleware_is_refused(self):
        others = [name for name in settings.MIDDLEWARE if name != PAGE_CACHE_MIDDLEWARE]
        with override_settings(MIDDLEWARE=[others[0], PAGE_CACHE_MIDDLEWARE, *others[1:]]):
            errors = self.errors()
        self.assertEqual(len(errors), 1)
        self.assertIn("第一项", errors[0].msg)

    def test_a_missing_page_cache_middleware_is_refused(self):
        others = [name for name in settings.MIDDLEWARE if name != PAGE_CACHE_MIDDLEWARE]
        with override_settings(MIDDLEWARE=others):
            self.assertEqual(len(self.errors()), 1)


class NearCacheAliasTest(SimpleTestCase):
    def test_the_near_alias_is_used_when_configured(self):
        self.assertIs(get_near_cache(), caches["near"])

    def test_without_a_near_alias_the_default_cache_is_used(self):
        local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "x"}
        with override_settings(CACHES={"default": local}):
            self.assertIs(get_near_cache(), caches["default"])
            near_cache.set("dayuan:test:near-fallback", "kept")
            self.assertEqual(caches["default"].get("dayuan:test:near-fallback"), "kept")
