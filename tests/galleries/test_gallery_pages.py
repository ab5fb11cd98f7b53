"""What a reader gets at a gallery's address and at each photo's own address."""

import json
import re

from django.test import TestCase, override_settings

from tests.support.factories import build_site, make_article
from tests.support.galleries import make_gallery


def json_ld(response):
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found[1])


@override_settings(DAYUAN_SITE_URL="https://news.example.cn")
class GalleryPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.gallery = make_gallery(cls.tree.xinzhou, "忻州秋色图集", count=4, tags=["秋色"])

    def test_gallery_lives_at_an_article_address(self):
        self.assertEqual(self.gallery.url, f"/gsyl/xinzhou/{self.gallery.article_number}.html")
        response = self.client.get(self.gallery.url)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "galleries/gallery_page.html")
        self.assertContains(response, "忻州秋色图集")
        self.assertContains(response, "第 <span data-gallery-position>1</span> 张,共 4 张")

    def test_every_photo_is_in_the_page_with_caption_and_credit(self):
        response = self.client.get(self.gallery.url)
        for number in range(1, 5):
            self.assertContains(response, f'id="photo-{number}"')
            self.assertContains(response, f"第{number}张图片的说明:汾河晨雾")
        self.assertContains(response, "摄影:王晓燕", count=4)
        # Only the photo shown is visible without the script; the others load lazily.
        slides = re.findall(
            r'id="photo-(\d+)" data-photo-url="[^"]*"( hidden)?>', response.content.decode()
        )
        self.assertEqual(slides, [("1", ""), ("2", " hidden"), ("3", " hidden"), ("4", " hidden")])
        self.assertContains(response, 'loading="lazy"')

    def test_photo_has_its_own_address(self):
        number = self.gallery.article_number
        response = self.client.get(f"/gsyl/xinzhou/{number}_3.html")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "第 <span data-gallery-position>3</span> 张,共 4 张")
        self.assertContains(
            response,
            f'<link rel="canonical" href="https://news.example.cn/gsyl/xinzhou/{number}_3.html">',
        )
        self.assertContains(response, f'href="/gsyl/xinzhou/{number}_2.html" data-gallery-prev')
        self.assertContains(response, f'href="/gsyl/xinzhou/{number}_4.html" data-gallery-next')
        self.assertContains(response, '<li class="gallery__slide" id="photo-3" data-photo-url')
        self.assertContains(response, "(第3张)")

    def test_gallery_canonical_is_the_number_address(self):
        number = self.gallery.article_number
        response = self.client.get(self.gallery.url)
        self.assertContains(
            response,
            f'<link rel="canonical" href="https://news.example.cn/gsyl/xinzhou/{number}.html">',
        )
        self.assertContains(response, 'property="og:image"')

    def test_first_photo_address_redirects_to_the_gallery(self):
        response = self.client.get(f"/gsyl/xinzhou/{self.gallery.article_number}_1.html")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.gallery.url)

    def test_photo_in_an_old_section_path_redirects_to_its_address(self):
        number = self.gallery.article_number
        response = self.client.get(f"/gsyl/taiyuan/{number}_2.html")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], f"/gsyl/xinzhou/{number}_2.html")

    def test_json_ld_is_an_image_gallery_with_the_photos(self):
        data = json_ld(self.client.get(self.gallery.url))
        self.assertEqual(data["@type"], "ImageGallery")
        self.assertEqual(data["numberOfItems"], 4)
        self.assertEqual(len(data["image"]), 4)
        self.assertEqual(data["image"][1]["caption"], "第2张图片的说明:汾河晨雾")
        self.assertEqual(data["image"][1]["creditText"], "王晓燕")
        self.assertTrue(data["image"][1]["url"].endswith(f"{self.gallery.article_number}_2.html"))
        self.assertTrue(data["image"][0]["contentUrl"].startswith("https://news.example.cn/"))

    def test_photo_page_shares_its_own_picture(self):
        number = self.gallery.article_number
        first = self.client.get(self.gallery.url).content.decode()
        third = self.client.get(f"/gsyl/xinzhou/{number}_3.html").content.decode()
        og = re.compile(r'<meta property="og:image" content="([^"]+)">')
        self.assertNotEqual(og.search(first)[1], og.search(third)[1])

    def test_article_parts_are_not_found(self):
        article = make_article(self.tree.xinzhou, "普通文章")
        response = self.client.get(f"/gsyl/xinzhou/{article.article_number}_2.html")
        self.assertEqual(response.status_code, 404)

    def test_view_counter_qr_code_and_copyright_are_shown(self):
        response = self.client.get(self.gallery.url)
        self.assertContains(response, f'data-hit-url="/hits/{self.gallery.article_number}/"')
        self.assertContains(response, 'class="qr-code"')
        self.assertContains(response, "版权声明")
        self.assertContains(response, 'id="comments"')

    def test_gallery_appears_in_its_section_listing(self):
        response = self.client.get("/gsyl/xinzhou/")
        self.assertContains(response, "忻州秋色图集")

    def test_first_photo_is_the_featured_image(self):
        self.assertEqual(
            self.gallery.featured_image_id, self.gallery.gallery_images.first().image_id
        )
