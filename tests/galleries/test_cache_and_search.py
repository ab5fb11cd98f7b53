"""Cached photo pages follow edits, comments and neighbours; search finds galleries."""

from django.test import TestCase

from galleries.models import GalleryImage, GalleryPage
from tests.support.factories import build_site, make_article, make_image
from tests.support.galleries import make_gallery

HIT = "X-Page-Cache"


class PhotoPageCacheTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.gallery = make_gallery(cls.tree.xinzhou, "缓存图集", count=3, tags=["秋色"])

    def get(self, address):
        response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        return response

    def publish_with_photos(self, captions):
        gallery = GalleryPage.objects.get(pk=self.gallery.pk)
        image = make_image("新图片")
        gallery.gallery_images = [GalleryImage(image=image, caption=text) for text in captions]
        gallery.save_revision().publish()

    def test_photo_pages_are_cached(self):
        address = self.gallery.photo_url(2)
        self.get(address)
        self.assertEqual(self.get(address).headers.get(HIT), "HIT")

    def test_publishing_refreshes_every_photo_address(self):
        second = self.gallery.photo_url(2)
        self.get(second)
        self.get(second)
        self.publish_with_photos(["改过的第一张", "改过的第二张", "改过的第三张"])
        response = self.get(second)
        self.assertNotEqual(response.headers.get(HIT), "HIT")
        self.assertContains(response, "改过的第二张")

    def test_a_photo_removed_is_gone_from_the_cache(self):
        third = self.gallery.photo_url(3)
        self.get(third)
        self.get(third)
        self.publish_with_photos(["只剩一张", "还有一张"])
        self.assertEqual(self.client.get(third).status_code, 404)

    def test_unpublishing_removes_photo_pages(self):
        second = self.gallery.photo_url(2)
        self.get(second)
        GalleryPage.objects.get(pk=self.gallery.pk).unpublish()
        self.assertEqual(self.client.get(second).status_code, 404)

    def test_a_new_neighbour_shows_on_photo_pages(self):
        second = self.gallery.photo_url(2)
        self.get(second)
        self.get(second)
        make_article(self.tree.xinzhou, "紧随其后的新闻", tags=["秋色"])
        self.assertContains(self.get(second), "紧随其后的新闻")


class GallerySearchTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.gallery = make_gallery(cls.tree.xinzhou, "雁门关秋色", count=2)
        gallery = GalleryPage.objects.get(pk=cls.gallery.pk)
        gallery.gallery_images = [
            GalleryImage(image=make_image("甲"), caption="长城沿着山脊蜿蜒"),
            GalleryImage(image=make_image("乙"), caption="游客在关城下合影"),
        ]
        gallery.save_revision().publish()

    def test_search_finds_a_gallery_by_title(self):
        response = self.client.get("/search/", {"q": "雁门关"})
        self.assertContains(response, f'href="{self.gallery.url}"')

    def test_search_finds_a_gallery_by_caption(self):
        response = self.client.get("/search/", {"q": "山脊"})
        self.assertContains(response, f'href="{self.gallery.url}"')
