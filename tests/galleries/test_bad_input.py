"""Hostile photo numbers and field values: a 404 or a clear Chinese message, never a 500."""

from django.test import TestCase

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from galleries.models import GalleryPage
from tests.support.factories import make_image
from tests.support.galleries import make_gallery
from tests.support.newsroom import build_newsroom
from tests.support.xss_payloads import BASE_PAYLOADS


def gallery_add_url(section):
    return f"/admin/pages/add/galleries/gallerypage/{section.pk}/"


def gallery_form(title, photos, **extra):
    """POST data for the gallery editor: `photos` are dicts of image, caption, credit."""
    data = {
        "title": title,
        "slug": "",
        "short_title": "",
        "summary": "",
        "editor_name": "网络编辑",
        "source": "大院网",
        "publish_time": "2026-11-17 18:02:44",
        "tags": "",
        "body": streamfield([]),
        "corrections": streamfield([]),
        "gallery_images": inline_formset(
            [{"alt_text": "", "credit": "", "caption": "", **photo} for photo in photos],
            min=1,
            max=200,
        ),
        "featured_image": "",
        "copyright_statement": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(extra)
    return nested_form_data(data)


class PhotoNumberTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.gallery = make_gallery(cls.tree.xinzhou, "忻州图集", count=3)

    def test_hostile_photo_numbers_are_not_found(self):
        number = self.gallery.article_number
        for name in (
            f"{number}_0.html",
            f"{number}_4.html",
            f"{number}_9999.html",
            f"{number}_99999999999999999999.html",
            f"{number}_-1.html",
            f"{number}_01.html",
            f"{number}_abc.html",
            f"{number}_2_3.html",
            f"{number}_.html",
            f"{number}_%00.html",
            f"{number}_2.html%27%20OR%201=1--",
            f"{number}_1e3.html",
            "999999999_2.html",
            f"{number}_２.html",
        ):
            with self.subTest(name=name):
                response = self.client.get(f"/gsyl/xinzhou/{name}")
                self.assertEqual(response.status_code, 404)

    def test_query_strings_change_nothing(self):
        number = self.gallery.article_number
        for query in ("photo=<script>", "page=-1", "k=9999", "'; DROP TABLE wagtailcore_page;--"):
            with self.subTest(query=query):
                response = self.client.get(f"/gsyl/xinzhou/{number}_2.html?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "<script>", status_code=200)

    def test_a_photo_number_on_an_unpublished_gallery_is_not_found(self):
        draft = make_gallery(self.tree.xinzhou, "草稿图集", count=2, publish=False)
        response = self.client.get(f"/gsyl/xinzhou/{draft.article_number}_2.html")
        self.assertEqual(response.status_code, 404)


class HostileFieldsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.image = make_image("投稿图片")

    def setUp(self):
        self.client.force_login(self.users["desk_xinzhou"])

    def post(self, title, photos, **extra):
        return self.client.post(
            gallery_add_url(self.tree.xinzhou), gallery_form(title, photos, **extra)
        )

    def test_markup_in_captions_is_shown_as_text(self):
        payloads = BASE_PAYLOADS[:8]
        response = self.post(
            "标记测试图集",
            [
                {"image": self.image.pk, "caption": payload, "credit": payload[:60]}
                for payload in payloads
            ],
            **{"action-publish": "1"},
        )
        self.assertEqual(response.status_code, 302)
        gallery = GalleryPage.objects.get(title="标记测试图集")
        if not gallery.live:
            gallery.get_latest_revision().publish()
            gallery.refresh_from_db()
        for number in range(1, len(payloads) + 1):
            page = self.client.get(gallery.photo_url(number))
            self.assertEqual(page.status_code, 200)
            self.assertNotIn("<script>alert(1)</script>", page.content.decode())
            self.assertNotIn("<img src=x onerror", page.content.decode())

    def test_too_long_caption_is_refused_with_a_message(self):
        response = self.post("超长说明图集", [{"image": self.image.pk, "caption": "长" * 5000}])
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "500")
        self.assertFalse(GalleryPage.objects.filter(title="超长说明图集").exists())

    def test_control_characters_are_refused_with_a_message(self):
        response = self.post("控制字符图集", [{"image": self.image.pk, "caption": "说明\x00"}])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(GalleryPage.objects.filter(title="控制字符图集").exists())

    def test_unknown_or_wrong_type_image_ids_are_refused(self):
        for value in ("999999", "abc", "-1", "1.5", "<script>", "' OR 1=1 --", "9" * 40):
            with self.subTest(value=value):
                response = self.post(f"坏图片{value[:5]}", [{"image": value, "caption": "说明"}])
                self.assertEqual(response.status_code, 200)
        self.assertFalse(GalleryPage.objects.filter(title__startswith="坏图片").exists())

    def test_a_gallery_needs_a_photo(self):
        response = self.post("空图集", [])
        self.assertEqual(response.status_code, 200)
        self.assertFalse(GalleryPage.objects.filter(title="空图集").exists())

    def test_too_many_photos_are_refused(self):
        photos = [{"image": self.image.pk, "caption": ""} for _ in range(201)]
        data = gallery_form("太多图片", photos)
        data["gallery_images-MAX_NUM_FORMS"] = "200"
        response = self.client.post(gallery_add_url(self.tree.xinzhou), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(GalleryPage.objects.filter(title="太多图片").exists())
