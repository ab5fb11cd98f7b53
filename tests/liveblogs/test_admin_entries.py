"""The 直播条目 screen: who may use it, what it writes, logs and refuses."""

import datetime

from django.test import TestCase
from django.utils import timezone

from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import rich_text

from liveblogs.models import LiveBlogEntry, LiveBlogPage
from tests.support.liveblogs import add_entry, make_live_blog
from tests.support.newsroom import PASSWORD, build_newsroom
from tests.support.xss_payloads import XSS_PAYLOADS


def entry_form(text="<p>领先集团通过10公里。</p>", **extra):
    data = {
        "posted_at": timezone.localtime().strftime("%Y-%m-%d %H:%M:%S"),
        "headline": "",
        "text": rich_text(text),
        "image": "",
        "image_caption": "",
        "video_url": "",
    }
    data.update(extra)
    return data


def screen(blog, suffix=""):
    return f"/admin/liveblogs/{blog.pk}/{suffix}"


class EntryScreenTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.blog = make_live_blog(cls.tree.xinzhou, entries=2)
        cls.taiyuan_blog = make_live_blog(cls.tree.taiyuan, "图文直播:太原车展")

    def assert_denied(self, response):
        # Wagtail's answer to PermissionDenied in the admin: the dashboard, with a message.
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def sign_in(self, key):
        self.assertTrue(self.client.login(username=key, password=PASSWORD))

    def test_desk_editor_adds_an_entry_that_readers_see_and_history_shows(self):
        self.sign_in("desk_xinzhou")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                screen(self.blog), entry_form("<p>男子组冠军冲线。</p>", headline="冠军诞生")
            )
        self.assertRedirects(response, screen(self.blog))
        entry = LiveBlogEntry.objects.get(headline="冠军诞生")
        self.assertEqual(entry.blog_id, self.blog.pk)
        self.assertEqual(entry.author, self.users["desk_xinzhou"])
        log = PageLogEntry.objects.filter(page=self.blog, action="liveblogs.add_entry").get()
        self.assertEqual(log.user, self.users["desk_xinzhou"])
        self.client.logout()
        self.assertContains(self.client.get(self.blog.url), "冠军诞生")

    def test_no_review_is_needed_and_the_page_keeps_its_revision(self):
        revision = LiveBlogPage.objects.get(pk=self.blog.pk).live_revision_id
        self.sign_in("desk_xinzhou")
        self.client.post(screen(self.blog), entry_form())
        blog = LiveBlogPage.objects.get(pk=self.blog.pk)
        self.assertEqual(blog.live_revision_id, revision)
        self.assertFalse(blog.has_unpublished_changes)

    def test_other_desks_and_roles_are_refused(self):
        for key in ("reporter_taiyuan", "desk_taiyuan", "moderator"):
            with self.subTest(user=key):
                self.sign_in(key)
                for address in (screen(self.blog), screen(self.blog, "close/")):
                    self.assert_denied(self.client.post(address, entry_form()))
                self.assert_denied(self.client.get(screen(self.blog)))
        self.assertEqual(self.blog.entries.count(), 2)

    def test_desk_editor_may_not_touch_the_other_city(self):
        self.sign_in("desk_xinzhou")
        self.assert_denied(self.client.get(screen(self.taiyuan_blog)))
        index = self.client.get("/admin/liveblogs/")
        self.assertContains(index, self.blog.title)
        self.assertNotContains(index, self.taiyuan_blog.title)

    def test_anonymous_is_sent_to_the_login(self):
        response = self.client.get(screen(self.blog))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_edit_and_delete_are_logged(self):
        entry = self.blog.entries.first()
        self.sign_in("desk_xinzhou")
        self.client.post(
            screen(self.blog, f"{entry.pk}/edit/"), entry_form("<p>更正后的内容。</p>")
        )
        entry.refresh_from_db()
        self.assertIn("更正后的内容", entry.text)
        self.client.post(screen(self.blog, f"{entry.pk}/delete/"))
        self.assertFalse(LiveBlogEntry.objects.filter(pk=entry.pk).exists())
        actions = set(PageLogEntry.objects.filter(page=self.blog).values_list("action", flat=True))
        self.assertTrue({"liveblogs.edit_entry", "liveblogs.delete_entry"} <= actions)

    def test_close_and_reopen(self):
        self.sign_in("desk_xinzhou")
        self.client.post(screen(self.blog, "close/"))
        self.assertIsNotNone(LiveBlogPage.objects.get(pk=self.blog.pk).closed_at)
        self.assertContains(self.client.get(screen(self.blog)), "重新开始直播")
        self.client.post(screen(self.blog, "reopen/"))
        self.assertIsNone(LiveBlogPage.objects.get(pk=self.blog.pk).closed_at)
        actions = PageLogEntry.objects.filter(page=self.blog).values_list("action", flat=True)
        self.assertTrue({"liveblogs.close", "liveblogs.reopen"} <= set(actions))

    def test_buttons_lead_editors_there_from_the_page_admin(self):
        self.sign_in("desk_xinzhou")
        self.assertContains(
            self.client.get(f"/admin/pages/{self.blog.pk}/edit/"), screen(self.blog)
        )
        self.assertContains(
            self.client.get(f"/admin/pages/{self.tree.xinzhou.pk}/"), screen(self.blog)
        )
        self.assertContains(self.client.get("/admin/"), "/admin/liveblogs/")

    def test_unknown_or_foreign_ids_are_404(self):
        other = add_entry(self.taiyuan_blog)
        self.sign_in("desk_xinzhou")
        for address in (
            "/admin/liveblogs/999999/",
            "/admin/liveblogs/99999999999999999999/",
            screen(self.blog, "999999/edit/"),
            screen(self.blog, f"{other.pk}/edit/"),
            screen(self.blog, f"{other.pk}/delete/"),
            f"/admin/liveblogs/{self.tree.xinzhou.pk}/",
        ):
            with self.subTest(address=address):
                method = self.client.post if address.endswith("delete/") else self.client.get
                self.assertEqual(method(address).status_code, 404)
        self.assertTrue(LiveBlogEntry.objects.filter(pk=other.pk).exists())

    def test_hostile_values_give_chinese_messages_not_errors(self):
        self.sign_in("desk_xinzhou")
        far_future = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
        cases = {
            "posted_at": ["明天", "2026-13-45 25:61", "9" * 400, far_future, "1900-01-01 00:00"],
            "headline": ["长" * 101],
            "image": ["abc", "99999999", "1 OR 1=1", "-1", "9" * 40, "１", "1.5"],
            "image_caption": ["说" * 201],
            "video_url": ["javascript:alert(1)", "ftp://example.com/v.mp4", "不是地址", "x" * 600],
        }
        for field, values in cases.items():
            for value in values:
                with self.subTest(field=field, value=value[:30]):
                    response = self.client.post(screen(self.blog), entry_form(**{field: value}))
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, "条目没有发布")
        for text in ["", "<p>   </p>", "<p>" + "字" * 6000 + "</p>"]:
            with self.subTest(text=text[:20]):
                response = self.client.post(screen(self.blog), entry_form(text))
                self.assertEqual(response.status_code, 200)
        self.assertEqual(self.blog.entries.count(), 2)

    def test_markup_in_fields_is_shown_as_text(self):
        self.sign_in("desk_xinzhou")
        for payload in XSS_PAYLOADS[:5]:
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(
                    screen(self.blog), entry_form(f"<p>{payload}</p>", headline=payload[:100])
                )
        self.client.logout()
        html = self.client.get(self.blog.url).content.decode()
        self.assertNotIn("<script>alert", html)
        self.assertNotIn("onerror=", html)
