"""The newsroom's city desks apply to galleries: a 忻州 reporter makes 忻州 galleries only."""

from django.test import TestCase

from galleries.models import GalleryPage
from tests.galleries.test_bad_input import gallery_add_url, gallery_form
from tests.support.factories import make_image
from tests.support.newsroom import build_newsroom

DENIED = (302, 403)


class GalleryDeskTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.image = make_image("记者照片")

    def login(self, key):
        self.client.force_login(self.users[key])

    def test_reporter_creates_a_gallery_in_own_city_for_review(self):
        self.login("reporter_xinzhou")
        form = self.client.get(gallery_add_url(self.tree.xinzhou))
        self.assertEqual(form.status_code, 200)
        self.assertNotContains(form, 'name="action-publish"')
        response = self.client.post(
            gallery_add_url(self.tree.xinzhou),
            gallery_form(
                "忻州记者的图集",
                [{"image": self.image.pk, "caption": "秋收", "credit": "王晓燕"}],
                **{"action-submit": "1"},
            ),
        )
        self.assertEqual(response.status_code, 302)
        gallery = GalleryPage.objects.get(title="忻州记者的图集")
        self.assertFalse(gallery.live)
        self.assertTrue(gallery.workflow_in_progress)
        self.assertEqual(gallery.region, self.tree.xinzhou)
        self.assertEqual(gallery.gallery_images.get().caption, "秋收")

    def test_reporter_cannot_create_a_gallery_in_another_city(self):
        self.login("reporter_xinzhou")
        self.assertIn(self.client.get(gallery_add_url(self.tree.taiyuan)).status_code, DENIED)
        response = self.client.post(
            gallery_add_url(self.tree.taiyuan),
            gallery_form("越权图集", [{"image": self.image.pk, "caption": "太原"}]),
        )
        self.assertIn(response.status_code, DENIED)
        self.assertFalse(GalleryPage.objects.filter(title="越权图集").exists())

    def test_page_type_chooser_offers_galleries_in_a_city(self):
        self.login("reporter_xinzhou")
        response = self.client.get(f"/admin/pages/{self.tree.xinzhou.pk}/add_subpage/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "图集")
