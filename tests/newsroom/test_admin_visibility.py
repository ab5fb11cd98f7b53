"""Admin lists show a user only what the rest of the admin shows them (newsroom/visibility.py).

Found by the role × admin URL table: Wagtail's page chooser search, its admin API for images
and documents and the page types usage report listed other desks' drafts and every file to
any admin user. Through the admin's real URLs.
"""

from django.core.files.base import ContentFile
from django.test import TestCase

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.support.accounts import sign_in_verified
from tests.support.factories import make_article, make_image
from tests.support.newsroom import build_newsroom

OTHER_DESK_DRAFT = "太原未发表的调查稿"


class AdminVisibilityTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.other_draft = make_article(cls.tree.taiyuan, OTHER_DESK_DRAFT, publish=False)
        cls.other_live = make_article(cls.tree.taiyuan, "太原已发布的消息")
        cls.own_draft = make_article(
            cls.tree.xinzhou, "忻州记者的草稿", publish=False, owner=cls.users["reporter_xinzhou"]
        )
        cls.image = make_image("主编上传的图片")
        cls.document = get_document_model().objects.create(
            title="主编上传的文档", file=ContentFile(b"%PDF-1.4 test", name="notice.pdf")
        )

    def login(self, key):
        # Past the second step, which the chief owes (twofactor/).
        sign_in_verified(self.client, self.users[key])

    def chooser_search(self, query):
        response = self.client.get("/admin/choose-page/search/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return response

    def test_page_chooser_offers_live_pages_and_the_users_own_drafts(self):
        for key in ("reporter_xinzhou", "desk_xinzhou", "moderator"):
            with self.subTest(key=key):
                self.login(key)
                response = self.chooser_search("太原")
                self.assertContains(response, "太原已发布的消息")
                self.assertNotContains(response, OTHER_DESK_DRAFT)
        self.login("reporter_xinzhou")
        self.assertContains(self.chooser_search("草稿"), "忻州记者的草稿")
        self.login("chief")
        self.assertContains(self.chooser_search("太原"), OTHER_DESK_DRAFT)

    def test_admin_api_lists_only_choosable_images_and_documents(self):
        self.login("moderator")
        renditions = get_image_model().get_rendition_model().objects.count()
        for kind, obj in (("images", self.image), ("documents", self.document)):
            with self.subTest(kind=kind):
                listing = self.client.get(f"/admin/api/main/{kind}/")
                self.assertEqual(listing.status_code, 200)
                self.assertEqual(listing.json()["items"], [])
                self.assertNotContains(listing, obj.title)
                detail = self.client.get(f"/admin/api/main/{kind}/{obj.pk}/")
                self.assertEqual(detail.status_code, 404)
        # Nor did the API draw a thumbnail for the moderator.
        self.assertEqual(get_image_model().get_rendition_model().objects.count(), renditions)

        self.login("chief")
        for kind, obj in (("images", self.image), ("documents", self.document)):
            with self.subTest(kind=kind, key="chief"):
                titles = [
                    item["title"]
                    for item in self.client.get(f"/admin/api/main/{kind}/").json()["items"]
                ]
                self.assertEqual(titles, [obj.title])

    def test_page_types_report_names_only_pages_the_user_may_edit(self):
        self.other_draft.save_revision()  # the most recently edited article of all
        for key in ("reporter_xinzhou", "desk_xinzhou"):
            with self.subTest(key=key):
                self.login(key)
                response = self.client.get("/admin/reports/page-types-usage/")
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, OTHER_DESK_DRAFT)
                results = self.client.get("/admin/reports/page-types-usage/results/")
                self.assertEqual(results.status_code, 200)
                self.assertNotContains(results, OTHER_DESK_DRAFT)
        self.login("chief")
        self.assertContains(self.client.get("/admin/reports/page-types-usage/"), OTHER_DESK_DRAFT)
