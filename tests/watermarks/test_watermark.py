"""The site's watermark on public renditions: pixels in its corner, the clean original, the
exempted image, the minimum size, and no stale rendition after the setting changes."""

import hashlib
import io

from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.test import TestCase, override_settings

from wagtail.images import get_image_model
from wagtail.models import Collection

from PIL import Image as PILImage

from tests.support.factories import build_site, make_article, make_image
from watermarks.models import ImageWatermarkExemption, WatermarkSettings
from watermarks.specs import watermarked

PHOTO_COLOUR = (120, 60, 30)  # tests.support.factories.make_image
SPEC = "width-800|format-png"  # lossless, so pixels compare exactly


def make_logo(colour=(255, 255, 255, 255), size=(100, 50)):
    buffer = io.BytesIO()
    PILImage.new("RGBA", size, colour).save(buffer, format="PNG")
    logo = get_image_model()(title="水印标志")
    logo.file = ImageFile(buffer, name="logo.png")
    logo.save()
    return logo


def pixels(rendition):
    with rendition.file.open("rb") as file:
        picture = PILImage.open(file)
        picture.load()
    return picture.convert("RGB")


def close(pixel, colour, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=True))


class WatermarkTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.logo = make_logo()
        setting = WatermarkSettings.load()
        setting.logo = cls.logo
        setting.enabled = True
        setting.opacity = 100
        setting.relative_width = 20
        setting.position = "bottom-right"
        setting.min_width = 400
        setting.min_height = 250
        setting.save()

    def setUp(self):
        self.photo = make_image("照片", size=(800, 600))

    def change_setting(self, **fields):
        setting = WatermarkSettings.load()
        for name, value in fields.items():
            setattr(setting, name, value)
        with self.captureOnCommitCallbacks(execute=True):
            setting.save()
        return setting

    def rendition(self, image, spec=SPEC):
        return image.get_rendition(watermarked(spec))


class WatermarkPixelsTest(WatermarkTestCase):
    # The logo is 20% of 800 = 160 × 80 pixels, 12 pixels from the bottom right corner.
    INSIDE_LOGO = (700, 550)
    FAR_CORNER = (10, 10)

    def test_the_corner_of_a_public_rendition_carries_the_logo(self):
        picture = pixels(self.rendition(self.photo))
        self.assertTrue(close(picture.getpixel(self.INSIDE_LOGO), (255, 255, 255)))
        self.assertTrue(close(picture.getpixel(self.FAR_CORNER), PHOTO_COLOUR))

    def test_the_original_stays_clean(self):
        with self.photo.file.open("rb") as file:
            before = hashlib.sha256(file.read()).hexdigest()
        self.rendition(self.photo)
        self.photo.refresh_from_db()
        with self.photo.file.open("rb") as file:
            self.assertEqual(hashlib.sha256(file.read()).hexdigest(), before)
        with self.photo.file.open("rb") as file:
            original = PILImage.open(file).convert("RGB")
        self.assertTrue(close(original.getpixel(self.INSIDE_LOGO), PHOTO_COLOUR))

    def test_an_exempted_image_is_unchanged(self):
        with self.captureOnCommitCallbacks(execute=True):
            ImageWatermarkExemption.objects.create(image=self.photo)
        picture = pixels(self.rendition(self.photo))
        self.assertTrue(close(picture.getpixel(self.INSIDE_LOGO), PHOTO_COLOUR))

    def test_a_rendition_below_the_minimum_size_is_unchanged(self):
        picture = pixels(self.rendition(self.photo, "width-300|format-png"))
        self.assertEqual(picture.size, (300, 225))
        self.assertTrue(close(picture.getpixel((280, 210)), PHOTO_COLOUR))

    def test_opacity_blends_the_logo(self):
        self.change_setting(opacity=50)
        pixel = pixels(self.rendition(self.photo)).getpixel(self.INSIDE_LOGO)
        expected = tuple((255 + channel) // 2 for channel in PHOTO_COLOUR)
        self.assertTrue(close(pixel, expected), pixel)

    def test_position_moves_the_logo(self):
        self.change_setting(position="top-left")
        picture = pixels(self.rendition(self.photo))
        self.assertTrue(close(picture.getpixel((50, 40)), (255, 255, 255)))
        self.assertTrue(close(picture.getpixel(self.INSIDE_LOGO), PHOTO_COLOUR))

    def test_a_transparent_logo_leaves_its_background_alone(self):
        self.change_setting(logo=make_logo(colour=(255, 255, 255, 0)))
        picture = pixels(self.rendition(self.photo))
        self.assertTrue(close(picture.getpixel(self.INSIDE_LOGO), PHOTO_COLOUR))


class WatermarkVersionTest(WatermarkTestCase):
    def test_a_changed_setting_gives_new_specs(self):
        before = watermarked(SPEC)
        self.change_setting(opacity=40)
        after = watermarked(SPEC)
        self.assertNotEqual(before, after)
        self.assertTrue(after.startswith(SPEC + "|watermark-"))

    def test_renditions_made_before_a_change_are_not_served_after_it(self):
        old = self.rendition(self.photo)
        self.change_setting(position="top-left")
        new = self.rendition(self.photo)
        self.assertNotEqual(old.file.name, new.file.name)
        picture = pixels(new)
        self.assertTrue(close(picture.getpixel((700, 550)), PHOTO_COLOUR))

    def test_turned_off_the_specs_are_plain_and_renditions_clean(self):
        self.change_setting(enabled=False)
        self.assertEqual(watermarked(SPEC), SPEC)
        picture = pixels(self.rendition(self.photo))
        self.assertTrue(close(picture.getpixel((700, 550)), PHOTO_COLOUR))

    def test_without_a_logo_nothing_is_drawn(self):
        self.change_setting(logo=None)
        self.assertEqual(watermarked(SPEC), SPEC)


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class WatermarkOnPagesTest(WatermarkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tree = build_site()

    def test_article_pictures_carry_the_current_version(self):
        article = make_article(self.tree.xinzhou, "有图的文章", featured_image=self.photo)
        version = WatermarkSettings.load().version
        html = self.client.get(article.url).content.decode()
        self.assertIn(f"watermark-{version}", html)
        self.change_setting(opacity=30)
        html = self.client.get(article.url).content.decode()
        self.assertNotIn(f"watermark-{version}.", html)
        self.assertIn(f"watermark-{version + 1}", html)


class WatermarkAdminTest(WatermarkTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.user = get_user_model().objects.create_superuser("chief", password="x")

    def setUp(self):
        super().setUp()
        self.client.force_login(self.user)

    def settings_url(self):
        return f"/admin/settings/watermarks/watermarksettings/{WatermarkSettings.load().pk}/"

    def settings_form(self, **fields):
        data = {
            "enabled": "on",
            "logo": str(self.logo.pk),
            "position": "bottom-right",
            "opacity": "60",
            "relative_width": "20",
            "min_width": "400",
            "min_height": "250",
        }
        data.update(fields)
        return data

    def test_the_setting_is_edited_in_chinese(self):
        response = self.client.get(self.settings_url())
        self.assertEqual(response.status_code, 200)
        for label in ("启用水印", "水印图片", "不透明度", "最小图片宽度"):
            self.assertContains(response, label)

    def test_saving_the_setting_takes_a_new_version(self):
        version = WatermarkSettings.load().version
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.settings_url(), self.settings_form(opacity="70"))
        self.assertEqual(response.status_code, 302)
        setting = WatermarkSettings.load()
        self.assertEqual((setting.opacity, setting.version), (70, version + 1))

    def test_hostile_values_are_refused_with_a_message(self):
        version = WatermarkSettings.load().version
        for field, value in [
            ("opacity", "1000"),
            ("opacity", "-5"),
            ("opacity", "abc"),
            ("opacity", "<script>alert(1)</script>"),
            ("relative_width", "0"),
            ("min_width", "99999999999999999999"),
            ("min_height", "1 OR 1=1"),
            ("position", "middle'); DROP TABLE x;--"),
            ("logo", "999999"),
            ("logo", "abc"),
        ]:
            with self.subTest(field=field, value=value):
                response = self.client.post(
                    self.settings_url(), self.settings_form(**{field: value})
                )
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
        self.assertEqual(WatermarkSettings.load().version, version)

    def test_the_image_form_turns_the_watermark_off_for_one_image(self):
        self.rendition(self.photo)
        self.assertTrue(self.photo.renditions.exists())
        url = f"/admin/images/{self.photo.pk}/"
        response = self.client.get(url)
        self.assertContains(response, "不加水印")
        data = {
            "title": self.photo.title,
            "collection": str(Collection.get_first_root_node().pk),
            "tags": "",
            "description": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
            "no_watermark": "on",
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(ImageWatermarkExemption.objects.filter(image=self.photo).exists())
        self.assertFalse(self.photo.renditions.exists())  # made again, without the logo
        picture = pixels(self.rendition(self.photo))
        self.assertTrue(close(picture.getpixel((700, 550)), PHOTO_COLOUR))

        data.pop("no_watermark")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, data)
        self.assertFalse(ImageWatermarkExemption.objects.filter(image=self.photo).exists())
        picture = pixels(self.rendition(self.photo))
        self.assertTrue(close(picture.getpixel((700, 550)), (255, 255, 255)))
