"""Images and documents under the two-step review, through the admin's real views.

Desk collections, who may replace or delete a file a live page uses, documents private
until published, cached pages purged when an image changes, and the upload limits.
"""

import io
import re
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from PIL import Image as PILImage

from news.models import ArticlePage
from tests.support.factories import make_article
from tests.support.newsroom import article_form, build_newsroom, edit_url

Image = get_image_model()
Document = get_document_model()
DENIED = (302, 403)
HIT = "X-Page-Cache"


def jpeg(colour=(120, 60, 30), size=(640, 480)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, jpeg() if content is None else content, content_type)


def pixel_bomb(side=11_000):
    """A PNG of 121 megapixels in about 14 KB: one bit per pixel, all zero, deflated."""
    buffer = io.BytesIO()
    PILImage.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def desk_collection(city):
    return Collection.objects.get(depth=2, name=city.title)


class MediaTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def login(self, key):
        self.client.force_login(self.users[key])  # past the chief's second step: conftest

    def assertDenied(self, response):
        # Wagtail answers a refused admin view with a redirect to the dashboard.
        self.assertIn(response.status_code, DENIED)
        if response.status_code == 302:
            self.assertEqual(response["Location"], "/admin/")

    def assertDone(self, response):
        # Saved or deleted: back to the image library, not to the dashboard or a login step.
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/admin/images/")

    def upload_image(self, key, title="现场照片", name="photo.jpg", content=None):
        """An image uploaded by `key` through the admin's add view."""
        self.login(key)
        response = self.client.post(
            "/admin/images/add/", {"title": title, "file": upload(name, content)}
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return Image.objects.get(title=title)

    def upload_document(self, key, title="会议材料", name="material.pdf", content=b"%PDF-1.4 "):
        self.login(key)
        response = self.client.post(
            "/admin/documents/add/",
            {"title": title, "file": SimpleUploadedFile(name, content, "application/pdf")},
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return Document.objects.get(title=title)

    def replace_file(self, image, colour=(0, 90, 200), name="replacement.jpg", **extra):
        data = {
            "title": image.title,
            "file": upload(name, jpeg(colour)),
            "collection": image.collection_id,  # shown to those who may add to several
        }
        data.update(extra)
        return self.client.post(f"/admin/images/{image.pk}/", data)


class DeskCollectionTest(MediaTestCase):
    def test_each_desk_has_a_collection_where_only_its_groups_add_files(self):
        for city in (self.tree.xinzhou, self.tree.taiyuan):
            collection = desk_collection(city)
            granted = {
                (grant.group.name, grant.permission.codename)
                for grant in GroupCollectionPermission.objects.filter(collection=collection)
            }
            self.assertEqual(
                granted,
                {
                    (f"{city.title}记者", "add_image"),
                    (f"{city.title}记者", "add_document"),
                    (f"{city.title}编辑", "add_image"),
                    (f"{city.title}编辑", "change_image"),
                    (f"{city.title}编辑", "add_document"),
                    (f"{city.title}编辑", "change_document"),
                    # Videos (video/, wagtailmedia) follow the same rules.
                    (f"{city.title}记者", "add_media"),
                    (f"{city.title}编辑", "add_media"),
                    (f"{city.title}编辑", "change_media"),
                },
            )
        root = Collection.get_first_root_node()
        for role in ("记者", "编辑"):
            self.assertEqual(
                set(
                    GroupCollectionPermission.objects.filter(
                        collection=root, group__name=role
                    ).values_list("permission__codename", flat=True)
                ),
                {"choose_image", "choose_document"},
            )

    def test_uploads_land_in_the_uploaders_desk_collection(self):
        image = self.upload_image("reporter_xinzhou")
        self.assertEqual(image.collection, desk_collection(self.tree.xinzhou))
        document = self.upload_document("desk_taiyuan")
        self.assertEqual(document.collection, desk_collection(self.tree.taiyuan))

        self.login("reporter_xinzhou")
        response = self.client.post(
            "/admin/images/multiple/add/",
            {"files[]": upload("multi.jpg"), "title": "批量上传"},
        )
        self.assertTrue(response.json()["success"])
        self.assertEqual(
            Image.objects.get(title="批量上传").collection, desk_collection(self.tree.xinzhou)
        )

    def test_a_reporter_cannot_upload_into_another_desks_collection(self):
        self.login("reporter_xinzhou")
        self.client.post(
            "/admin/images/add/",
            {
                "title": "塞进太原",
                "file": upload(),
                "collection": desk_collection(self.tree.taiyuan).pk,
            },
        )
        self.assertNotEqual(
            Image.objects.get(title="塞进太原").collection, desk_collection(self.tree.taiyuan)
        )

    def test_someone_on_two_desks_is_offered_their_first_desk(self):
        from newsroom import desks, roles

        editor = self.users["desk_xinzhou"]
        desks.put_on_desk(editor, self.tree.taiyuan, roles.DESK_EDITOR)
        self.login("desk_xinzhou")
        form = self.client.get("/admin/images/add/")
        first = sorted([self.tree.xinzhou, self.tree.taiyuan], key=lambda city: city.path)[0]
        selected = re.search(r'<option value="(\d+)"[^>]*selected', form.content.decode()).group(1)
        self.assertEqual(int(selected), desk_collection(first).pk)

    def test_desk_users_choose_images_of_every_desk(self):
        taiyuan_image = self.upload_image("reporter_taiyuan", title="太原街景")
        self.login("desk_xinzhou")
        chooser = self.client.get("/admin/images/chooser/")
        self.assertEqual(chooser.status_code, 200)
        self.assertIn("太原街景", chooser.json()["html"])
        self.assertEqual(
            self.client.get(f"/admin/images/chooser/chosen/{taiyuan_image.pk}/").status_code, 200
        )

    def test_a_new_city_section_gets_its_desk_collection(self):
        from news.models import SectionPage
        from newsroom import desks

        datong = self.tree.gsyl.add_child(
            instance=SectionPage(title="大同", slug="datong", is_city=True)
        )
        desks.ensure_desk(datong)
        self.assertTrue(
            GroupCollectionPermission.objects.filter(
                collection=desk_collection(datong), group__name="大同记者"
            ).exists()
        )


class LiveImageTest(MediaTestCase):
    """A file used by a live page changes only with the say of who may publish that page."""

    def setUp(self):
        # Per test, not per class: replacing a file deletes the old one from the storage,
        # which no database rollback brings back.
        def stored(title, name):
            image = Image(
                title=title,
                uploaded_by_user=self.users["reporter_taiyuan"],
                collection=desk_collection(self.tree.taiyuan),
            )
            image.file = SimpleUploadedFile(name, jpeg())
            image.save()
            return image

        self.taiyuan_image = stored("太原题图", "taiyuan.jpg")
        self.taiyuan_spare = stored("太原备用图", "spare.jpg")
        self.taiyuan_article = make_article(
            self.tree.taiyuan, "太原已发布文章", featured_image=self.taiyuan_image
        )

    def test_another_desks_editor_cannot_replace_or_delete_a_live_image(self):
        image = self.taiyuan_image
        original = image.file.name
        self.login("desk_xinzhou")
        self.assertDenied(self.client.get(f"/admin/images/{image.pk}/"))
        self.assertDenied(self.replace_file(image))
        self.assertDenied(self.client.post(f"/admin/images/{image.pk}/delete/"))
        self.client.post(f"/admin/bulk/wagtailimages/image/delete/?id={image.pk}")
        image.refresh_from_db()
        self.assertEqual(image.file.name, original)
        self.assertTrue(ArticlePage.objects.get(pk=self.taiyuan_article.pk).featured_image_id)

    def test_another_desks_editor_cannot_touch_even_an_unused_image(self):
        self.login("desk_xinzhou")
        self.assertDenied(self.replace_file(self.taiyuan_spare))
        self.assertDenied(self.client.post(f"/admin/images/{self.taiyuan_spare.pk}/delete/"))
        self.assertTrue(Image.objects.filter(pk=self.taiyuan_spare.pk).exists())

    def test_the_own_desks_editor_changes_files_only_until_they_are_published(self):
        self.login("desk_taiyuan")
        self.assertDone(self.replace_file(self.taiyuan_spare))
        self.assertDenied(self.replace_file(self.taiyuan_image))
        self.assertDenied(self.client.post(f"/admin/images/{self.taiyuan_image.pk}/delete/"))
        listing = self.client.get("/admin/images/")
        self.assertContains(listing, "太原备用图")
        self.assertNotContains(listing, "太原题图")

        ArticlePage.objects.get(pk=self.taiyuan_article.pk).unpublish()
        self.assertDone(self.replace_file(self.taiyuan_image))

    def test_the_bulk_delete_leaves_a_live_image(self):
        self.login("desk_taiyuan")
        self.client.post(
            "/admin/bulk/wagtailimages/image/delete/"
            f"?id={self.taiyuan_image.pk}&id={self.taiyuan_spare.pk}"
        )
        self.assertTrue(Image.objects.filter(pk=self.taiyuan_image.pk).exists())
        self.assertFalse(Image.objects.filter(pk=self.taiyuan_spare.pk).exists())

    def test_reporter_cannot_swap_the_photo_of_their_article_once_published(self):
        photo = self.upload_image("reporter_xinzhou", title="记者拍的照片")
        self.login("reporter_xinzhou")
        response = self.client.post(
            f"/admin/pages/add/news/articlepage/{self.tree.xinzhou.pk}/",
            article_form("记者带图来稿", featured_image=photo.pk),
        )
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(title="记者带图来稿")
        self.assertDone(self.replace_file(photo, colour=(1, 2, 3)))  # only a draft uses it

        self.login("chief")
        response = self.client.post(
            edit_url(article),
            article_form("记者带图来稿", featured_image=photo.pk, **{"action-publish": "1"}),
        )
        self.assertEqual(response.status_code, 302)
        article.refresh_from_db()
        self.assertTrue(article.live)
        photo.refresh_from_db()
        published_file = photo.file.name
        page = Client().get(article.url).content.decode()
        self.assertIn(Path(published_file).stem[:16], page)

        self.login("reporter_xinzhou")
        self.assertDenied(self.replace_file(photo, colour=(255, 0, 0), name="swap.jpg"))
        self.assertDenied(
            self.client.post(
                f"/admin/images/{photo.pk}/",
                {"title": photo.title, "focal_point_x": 1, "focal_point_y": 1},
            )
        )
        self.assertDenied(self.client.post(f"/admin/images/{photo.pk}/delete/"))
        photo.refresh_from_db()
        self.assertEqual(photo.file.name, published_file)
        self.assertIsNone(photo.focal_point_x)
        self.assertIn(Path(published_file).stem[:16], Client().get(article.url).content.decode())

    def test_the_chief_replaces_a_live_image_and_the_cached_pages_show_the_new_one(self):
        reader = Client()
        article_url = self.taiyuan_article.url
        reader.get(article_url)
        self.assertEqual(reader.get(article_url).headers.get(HIT), "HIT")
        self.assertEqual(reader.get("/gsyl/taiyuan/").status_code, 200)
        self.assertEqual(reader.get("/gsyl/taiyuan/").headers.get(HIT), "HIT")

        self.login("chief")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertDone(self.replace_file(self.taiyuan_image, name="chief.jpg"))
        self.taiyuan_image.refresh_from_db()
        # Renditions carry the start of the original's name: its random part.
        new_stem = Path(self.taiyuan_image.file.name).stem[:16]

        page = reader.get(article_url)
        self.assertNotEqual(page.headers.get(HIT), "HIT")
        self.assertIn(new_stem, page.content.decode())
        listing = reader.get("/gsyl/taiyuan/")
        self.assertNotEqual(listing.headers.get(HIT), "HIT")
        self.assertIn(new_stem, listing.content.decode())

    def test_a_new_focal_point_purges_the_article(self):
        reader = Client()
        reader.get(self.taiyuan_article.url)
        self.assertEqual(reader.get(self.taiyuan_article.url).headers.get(HIT), "HIT")
        self.login("chief")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/admin/images/{self.taiyuan_image.pk}/",
                {
                    "title": self.taiyuan_image.title,
                    "collection": self.taiyuan_image.collection_id,
                    "focal_point_x": 100,
                    "focal_point_y": 100,
                    "focal_point_width": 50,
                    "focal_point_height": 50,
                },
            )
        self.assertDone(response)
        self.assertNotEqual(reader.get(self.taiyuan_article.url).headers.get(HIT), "HIT")

    def test_deleting_a_live_image_purges_the_article(self):
        reader = Client()
        reader.get(self.taiyuan_article.url)
        self.assertEqual(reader.get(self.taiyuan_article.url).headers.get(HIT), "HIT")
        self.login("chief")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertDone(self.client.post(f"/admin/images/{self.taiyuan_image.pk}/delete/"))
        page = reader.get(self.taiyuan_article.url)
        self.assertNotEqual(page.headers.get(HIT), "HIT")
        self.assertEqual(page.status_code, 200)


class PrivateUploadsTest(MediaTestCase):
    def test_a_reporters_document_is_private_until_a_published_article_links_it(self):
        document = self.upload_document("reporter_xinzhou")
        reader = Client()
        self.assertEqual(reader.get(document.url).status_code, 404)
        self.assertEqual(reader.get(f"/media/{document.file.name}").status_code, 404)
        # Staff who may choose it still open it: the author, another desk.
        self.assertEqual(self.client.get(document.url).status_code, 200)
        self.login("desk_taiyuan")
        self.assertEqual(self.client.get(document.url).status_code, 200)

        link = f'<p>附件:<a linktype="document" id="{document.pk}">会议材料</a></p>'
        article = make_article(
            self.tree.xinzhou, "带附件的文章", body=[("paragraph", link)], publish=False
        )
        self.assertEqual(reader.get(document.url).status_code, 404)  # a draft links it

        article.save_revision().publish()
        response = reader.get(document.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 ")
        self.assertIn(document.url, reader.get(article.url).content.decode())

        ArticlePage.objects.get(pk=article.pk).unpublish()
        self.assertEqual(reader.get(document.url).status_code, 404)

    def test_originals_are_not_served_and_their_names_cannot_be_guessed(self):
        image = self.upload_image("reporter_xinzhou", name="IMG_0001.jpg")
        self.assertRegex(image.file.name, r"^original_images/[0-9a-f]{20}-IMG_0001\.jpg$")
        reader = Client()
        self.assertEqual(reader.get(f"/media/{image.file.name}").status_code, 404)
        rendition = image.get_rendition("format-webp|fill-960x640")
        self.assertIn(image.file.name[16:36], rendition.url)  # the whole random part
        self.assertEqual(reader.get(rendition.url).status_code, 200)


class UploadLimitsTest(MediaTestCase):
    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)

    def test_an_image_bomb_under_the_byte_limit_is_refused_for_its_pixels(self):
        bomb = pixel_bomb()
        self.assertLess(len(bomb), 20_000)
        # Under Pillow's own limits (it only warns from 89 megapixels): ours must refuse it.
        self.login("chief")
        single = self.client.post(
            "/admin/images/add/",
            {"title": "像素炸弹", "file": upload("bomb.png", bomb, "image/png")},
        )
        multiple = self.client.post(
            "/admin/images/multiple/add/",
            {"files[]": upload("bomb.png", bomb, "image/png"), "title": "像素炸弹"},
        )
        self.login("reporter_xinzhou")
        chooser = self.client.post(
            "/admin/images/chooser/create/",
            {
                "image-chooser-upload-title": "像素炸弹",
                "image-chooser-upload-file": upload("bomb.png", bomb, "image/png"),
            },
        )
        self.assert_refused(single, "文件包含像素过多（121000000）。像素数量上限为 40000000。")
        self.assertFalse(multiple.json()["success"])
        self.assertIn("文件包含像素过多", multiple.json()["error_message"])
        self.assertIn("文件包含像素过多", chooser.json()["htmlFragment"])
        self.assertFalse(Image.objects.filter(title="像素炸弹").exists())

    def test_the_pixel_limit_is_read_from_the_header_before_anything_decodes(self):
        # The header of the 121-megapixel PNG with its pixel data cut off: refusing it for
        # its pixels shows nothing tried to decode it (decoding fails on a cut-off file).
        truncated_bomb = pixel_bomb()[:200]
        self.login("chief")
        response = self.client.post(
            "/admin/images/add/",
            {"title": "截断的炸弹", "file": upload("bomb.png", truncated_bomb, "image/png")},
        )
        self.assert_refused(response, "文件包含像素过多（121000000）")

    def test_an_image_over_twice_pillows_limit_is_refused_in_chinese(self):
        self.login("chief")
        response = self.client.post(
            "/admin/images/add/",
            {"title": "超大炸弹", "file": upload("huge.png", pixel_bomb(14_000), "image/png")},
        )
        self.assert_refused(response, "文件包含像素过多（超过 178956970）")
        self.assertNotContains(response, "unknown number")

    def test_a_cut_off_image_is_refused_with_a_message_not_a_server_error(self):
        cut_off = jpeg()[:300]
        self.login("reporter_xinzhou")
        response = self.client.post(
            "/admin/images/add/", {"title": "损坏的图片", "file": upload("broken.jpg", cut_off)}
        )
        self.assert_refused(response, "请上传一张有效的图片")
        self.assertFalse(Image.objects.filter(title="损坏的图片").exists())

    def test_an_image_over_ten_megabytes_is_refused(self):
        padded = jpeg() + b"\0" * (10 * 1024 * 1024)  # a valid JPEG with trailing bytes
        self.login("chief")
        response = self.client.post(
            "/admin/images/add/", {"title": "超大图片", "file": upload("big.jpg", padded)}
        )
        self.assert_refused(response, "文件过大")
        self.assertContains(response, "10.0")
        self.assertFalse(Image.objects.filter(title="超大图片").exists())

    def test_a_document_over_twenty_megabytes_is_refused(self):
        self.login("reporter_xinzhou")
        response = self.client.post(
            "/admin/documents/add/",
            {
                "title": "超大附件",
                "file": SimpleUploadedFile(
                    "big.pdf", b"%PDF-1.4 " + b"\0" * (20 * 1024 * 1024), "application/pdf"
                ),
            },
        )
        self.assert_refused(response, "文件过大")
        self.assertContains(response, "20.0")
        self.assertFalse(Document.objects.filter(title="超大附件").exists())


class DeskCollectionMigrationTest(MediaTestCase):
    """Migration newsroom/0002 on a newsroom set up before desks had collections."""

    def test_existing_desks_get_collections_and_their_files(self):
        import importlib

        from django.apps import apps
        from django.contrib.auth.models import Permission

        migration = importlib.import_module("newsroom.migrations.0002_desk_collections")
        root = Collection.get_first_root_node()
        # As news/0004 left it: add (and change) on the root, no desk collections.
        for collection in Collection.objects.filter(depth=2):
            collection.delete()
        for role, codenames in [
            ("记者", ["add_image", "add_document"]),
            ("编辑", ["add_image", "change_image", "add_document", "change_document"]),
        ]:
            for codename in codenames:
                GroupCollectionPermission.objects.create(
                    group=Group.objects.get(name=role),
                    collection=root,
                    permission=Permission.objects.get(codename=codename),
                )
        old_image = Image(title="旧图", uploaded_by_user=self.users["reporter_xinzhou"])
        old_image.file = SimpleUploadedFile("old.jpg", jpeg())
        old_image.save()
        chief_image = Image(title="主编的图", uploaded_by_user=self.users["chief"])
        chief_image.file = SimpleUploadedFile("chief.jpg", jpeg())
        chief_image.save()

        migration.desk_collections(apps, None)

        xinzhou = desk_collection(self.tree.xinzhou)
        self.assertEqual(desk_collection(self.tree.taiyuan).get_parent(), root)
        root.refresh_from_db()
        self.assertEqual(root.numchild, 2)
        self.assertEqual(Image.objects.get(pk=old_image.pk).collection, xinzhou)
        self.assertEqual(Image.objects.get(pk=chief_image.pk).collection, root)
        self.assertEqual(
            set(
                GroupCollectionPermission.objects.filter(
                    collection=root, group__name__in=["记者", "编辑"]
                ).values_list("permission__codename", flat=True)
            ),
            {"choose_image", "choose_document"},
        )
        self.login("desk_xinzhou")
        self.assertDone(self.replace_file(Image.objects.get(pk=old_image.pk)))
        self.assertEqual(Collection.find_problems(), ([], [], [], [], []))
