"""A gallery page costs the same number of queries with 5 photos as with 50."""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from galleries.models import GalleryImage
from tests.support.factories import build_site, make_article, make_image
from tests.support.galleries import make_gallery

# An anonymous reader, page cache off (what a cache miss costs), the rest of the site's
# caches warm: the routed gallery, its photos and its rendered fragments are all kept.
EXPECTED = {"gallery": 0, "photo": 0}
# After the cache was emptied: the article page's 14 (tests/news/test_query_counts.py),
# plus the gallery's own row and its photos with their renditions (2); the gallery's own
# address also reads the featured image's renditions for og:image, a photo's address
# shares its photo, already fetched.
# Two more than the branch measured alone: the topics that contain it (topics/) and the
# watermark setting read once per cold start (watermarks/), as on articles.
EXPECTED_COLD = {"gallery": 17, "photo": 16}


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class GalleryQueryCountTest(TestCase):
    def populate(self, size):
        tree = build_site()
        # Different pictures, as a real gallery has: each has its own renditions.
        images = [make_image(f"图{index}", size=(320, 240)) for index in range(size)]
        for index in range(3):
            make_article(tree.xinzhou, f"新闻{index}", tags=["秋色"], minutes_ago=10 + index)
        gallery = make_gallery(tree.xinzhou, "秋色图集", count=0, tags=["秋色"])
        gallery.gallery_images = [
            GalleryImage(image=image, caption=f"说明{index}", credit="王晓燕")
            for index, image in enumerate(images)
        ]
        gallery.save_revision().publish()
        return gallery

    def count_queries(self, address, cold=False):
        self.client.get(address)  # warm renditions and Wagtail's site-root cache
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def measure(self, size, cold=False):
        gallery = self.populate(size)
        self.assertEqual(gallery.gallery_images.count(), size)
        return {
            "gallery": self.count_queries(gallery.url, cold),
            "photo": self.count_queries(gallery.photo_url(size), cold),
        }

    def test_counts_with_5_photos(self):
        self.assertEqual(self.measure(5), EXPECTED)

    def test_counts_with_50_photos(self):
        self.assertEqual(self.measure(50), EXPECTED)

    def test_counts_with_an_empty_cache(self):
        self.assertEqual(self.measure(5, cold=True), EXPECTED_COLD)

    def test_counts_with_an_empty_cache_and_50_photos(self):
        self.assertEqual(self.measure(50, cold=True), EXPECTED_COLD)
