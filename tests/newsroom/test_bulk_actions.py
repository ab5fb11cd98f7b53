"""Bulk-action confirmation pages show no title the user may not see (issue 14, finding 4).

Wagtail lists every selected object by title, also those the user may not act on; the
guard in newsroom/bulk_guard.py drops objects the user may not open and refuses a request
left with nothing. Through the admin's real URLs and views.
"""

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import resolve

from wagtail.documents import get_document_model

from comments.models import Comment
from newsroom import bulk_guard
from tests.support.accounts import sign_in_verified
from tests.support.factories import make_article, make_image
from tests.support.newsroom import build_newsroom

PAGE_ACTIONS = ("delete", "move", "publish", "unpublish")
MEDIA_ACTIONS = ("delete", "add_to_collection", "add_tags")


def bulk_url(app_label, model_name, action, *ids, **params):
    query = "&".join([*(f"id={pk}" for pk in ids), *(f"{k}={v}" for k, v in params.items())])
    return f"/admin/bulk/{app_label}/{model_name}/{action}/?{query}"


class BulkActionTitlesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.taiyuan_draft = make_article(cls.tree.taiyuan, "太原未发表的调查稿", publish=False)
        cls.taiyuan_live = make_article(cls.tree.taiyuan, "太原已发布的消息")
        cls.xinzhou_live = make_article(cls.tree.xinzhou, "忻州已发布的消息")
        cls.own_draft = make_article(
            cls.tree.xinzhou,
            "忻州记者自己的草稿",
            publish=False,
            owner=cls.users["reporter_xinzhou"],
        )
        cls.image = make_image("太原暗访照片")
        cls.document = get_document_model().objects.create(
            title="太原内部通报", file=ContentFile(b"%PDF-1.4 test", name="notice.pdf")
        )
        cls.comment = Comment.objects.create(
            article=cls.taiyuan_live,
            nickname="网友甲",
            text="待审核的读者意见",
            submitted_text="待审核的读者意见",
            client_hash="0" * 64,
        )

    def login(self, key):
        # Past the second step, which the chief owes (twofactor/).
        sign_in_verified(self.client, self.users[key])

    def assertRefused(self, response, *secrets):
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/admin/")
        for secret in secrets:
            self.assertNotIn(secret, response.content.decode())
        followed = self.client.get(response["Location"])
        self.assertContains(followed, "权限")
        for secret in secrets:
            self.assertNotContains(followed, secret)

    def test_the_guard_answers_at_wagtails_address(self):
        match = resolve("/admin/bulk/wagtailcore/page/delete/")
        self.assertIs(match.func, bulk_guard.bulk_action)

    def test_moderator_reads_no_page_title(self):
        self.login("moderator")
        for action in PAGE_ACTIONS:
            with self.subTest(action=action):
                response = self.client.get(
                    bulk_url(
                        "wagtailcore", "page", action, self.taiyuan_draft.pk, self.xinzhou_live.pk
                    )
                )
                self.assertRefused(response, "太原未发表的调查稿", "忻州已发布的消息")

    def test_a_whole_section_selected_with_all_shows_nothing(self):
        self.login("reporter_xinzhou")
        response = self.client.get(
            bulk_url("wagtailcore", "page", "delete", "all", childOf=self.tree.taiyuan.pk)
        )
        self.assertRefused(response, "太原未发表的调查稿", "太原已发布的消息")

    def test_reporter_sees_own_draft_but_not_another_desks(self):
        self.login("reporter_xinzhou")
        response = self.client.get(
            bulk_url("wagtailcore", "page", "delete", self.own_draft.pk, self.taiyuan_draft.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "忻州记者自己的草稿")
        self.assertNotContains(response, "太原未发表的调查稿")

    def test_desk_editor_is_still_told_which_own_desk_pages_need_the_chief(self):
        # The user may open these pages, so Wagtail's "no permission to publish" list stays.
        self.login("desk_xinzhou")
        response = self.client.get(
            bulk_url("wagtailcore", "page", "publish", self.xinzhou_live.pk, self.taiyuan_live.pk)
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "忻州已发布的消息")
        self.assertNotContains(response, "太原已发布的消息")

    def test_refused_post_changes_nothing(self):
        self.login("moderator")
        response = self.client.post(
            bulk_url("wagtailcore", "page", "unpublish", self.taiyuan_live.pk), {}
        )
        self.assertRefused(response)
        self.taiyuan_live.refresh_from_db()
        self.assertTrue(self.taiyuan_live.live)

    def test_moderator_reads_no_image_or_document_title(self):
        self.login("moderator")
        for action in MEDIA_ACTIONS:
            with self.subTest(model="image", action=action):
                response = self.client.get(
                    bulk_url("wagtailimages", "image", action, self.image.pk)
                )
                self.assertRefused(response, "太原暗访照片")
            with self.subTest(model="document", action=action):
                response = self.client.get(
                    bulk_url("wagtaildocs", "document", action, self.document.pk)
                )
                self.assertRefused(response, "太原内部通报")

    def test_reporter_reads_no_pending_comment(self):
        self.login("reporter_xinzhou")
        for action in ("approve", "reject", "delete"):
            with self.subTest(action=action):
                response = self.client.get(bulk_url("comments", "comment", action, self.comment.pk))
                self.assertRefused(response, "待审核的读者意见")

    def test_chief_still_confirms_and_acts(self):
        self.login("chief")
        url = bulk_url("wagtailcore", "page", "unpublish", self.taiyuan_live.pk)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "太原已发布的消息")
        response = self.client.post(url, {})
        self.assertEqual(response.status_code, 302)
        self.taiyuan_live.refresh_from_db()
        self.assertFalse(self.taiyuan_live.live)

    def test_moderator_still_moderates_in_bulk(self):
        self.login("moderator")
        url = bulk_url("comments", "comment", "approve", self.comment.pk)
        self.assertContains(self.client.get(url), "待审核的读者意见")
        self.assertEqual(self.client.post(url, {}).status_code, 302)
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.status, Comment.Status.APPROVED)

    def test_bad_ids_and_unknown_actions_are_404(self):
        self.login("chief")
        for url in (
            bulk_url("wagtailcore", "page", "delete", "abc"),
            bulk_url("wagtailcore", "page", "delete", 999999),
            bulk_url("wagtailcore", "page", "delete", "all", childOf=999999),
            bulk_url("wagtailcore", "page", "delete", "all", childOf="abc"),
            bulk_url("wagtailcore", "page", "explode", self.taiyuan_live.pk),
            bulk_url("nosuchapp", "page", "delete", self.taiyuan_live.pk),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(bulk_url("wagtailcore", "page", "delete", self.taiyuan_draft.pk))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("/admin/login/"))
