"""Videos in the admin: uploads and their limit, hostile embed addresses in the article
editor, and the desks' collection rules, with a live page's video held by its publisher."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from wagtailmedia.permissions import MediaPermissionPolicyChecker

from news.models import ArticlePage
from newsroom import desks
from newsroom.media import video_permission_policy
from tests.support.factories import build_site, make_article
from tests.support.newsroom import PASSWORD, build_newsroom
from tests.support.videos import clip_bytes, make_video
from video.models import Video

HOSTILE_EMBEDS = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://evil.example/video/BV1xx411c7mD",
    "https://b23.tv/abc",
    '"><script>alert(1)</script>',
    "' OR 1=1 --",
    "https://www.bilibili.com/video/" + "B" * 5000,
]


def upload_form(title="上传的视频", content=None, name="clip.webm", **extra):
    data = {
        "title": title,
        "file": SimpleUploadedFile(
            name, clip_bytes() if content is None else content, "video/webm"
        ),
        "collection": str(Collection.get_first_root_node().pk),
        "poster": "",
        "description": "",
        "duration": "1",
        "width": "64",
        "height": "36",
        "tags": "",
    }
    data.update(extra)
    return data


class UploadTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("chief", password="x")

    def setUp(self):
        self.client.force_login(self.user)

    def add_url(self):
        return reverse("wagtailmedia:add", args=("video",))

    def test_upload_form_is_in_chinese_and_names_the_limit(self):
        response = self.client.get(self.add_url())
        self.assertContains(response, "封面图")
        self.assertContains(response, "不超过 30.0")

    def test_a_video_is_uploaded_under_a_name_nobody_can_guess(self):
        response = self.client.post(self.add_url(), upload_form())
        self.assertEqual(response.status_code, 302)
        video = Video.objects.get(title="上传的视频")
        self.assertRegex(video.file.name, r"^videos/[0-9a-f]{20}-clip\.webm$")
        self.assertEqual(video.uploaded_by_user, self.user)

    @override_settings(DAYUAN_VIDEO_MAX_UPLOAD_SIZE=1000)
    def test_a_huge_upload_is_refused_with_a_chinese_message(self):
        response = self.client.post(self.add_url(), upload_form(content=b"\0" * 5000))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "视频文件太大")
        self.assertContains(response, "不能超过 1000")
        self.assertFalse(Video.objects.exists())

    def test_other_kinds_of_file_are_refused(self):
        for name in ("clip.exe", "clip.html", "clip.svg", "clip.mp4.php"):
            with self.subTest(name=name):
                response = self.client.post(self.add_url(), upload_form(name=name))
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors)
        self.assertFalse(Video.objects.exists())

    def test_hostile_field_values_are_refused_or_kept_as_text(self):
        for field, value in [
            ("duration", "abc"),
            ("duration", "1e400"),
            ("width", "-1"),
            ("width", "99999999999999999999"),
            ("poster", "abc"),
            ("poster", "999999"),
            ("title", "x" * 300),
        ]:
            with self.subTest(field=field, value=value):
                response = self.client.post(self.add_url(), upload_form(**{field: value}))
                self.assertEqual(response.status_code, 200)
        response = self.client.post(self.add_url(), upload_form(title="<script>alert(1)</script>"))
        self.assertEqual(response.status_code, 302)
        page = self.client.get(reverse("wagtailmedia:index")).content.decode()
        self.assertNotIn("<script>alert(1)</script>", page)


class ArticleEditorTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.user = get_user_model().objects.create_superuser("chief", password="x")

    def setUp(self):
        self.client.force_login(self.user)

    def post_article(self, title, body_blocks, **extra):
        data = nested_form_data(
            {
                "title": title,
                "slug": "",
                "short_title": "",
                "summary": "",
                "editor_name": "网络编辑",
                "source": "",
                "publish_time": "2026-11-17 18:02:44",
                "tags": "",
                "body": streamfield(body_blocks),
                "corrections": streamfield([]),
                "copyright_statement": "",
                "seo_title": "",
                "search_description": "",
                "action-publish": "publish",
                **extra,
            }
        )
        return self.client.post(f"/admin/pages/add/news/articlepage/{self.tree.taiyuan.pk}/", data)

    def test_an_allowed_embed_and_a_lead_video_are_published(self):
        video = make_video()
        response = self.post_article(
            "视频稿",
            [
                ("paragraph", rich_text("<p>正文。</p>")),
                (
                    "video",
                    {
                        "video": "https://v.youku.com/v_show/id_XNTk0MjY0NjU2OA==.html",
                        "caption": "",
                    },
                ),
                ("uploaded_video", {"video": video.pk, "caption": "现场"}),
            ],
            lead_video=str(video.pk),
        )
        self.assertEqual(response.status_code, 302)
        article = ArticlePage.objects.get(title="视频稿")
        self.assertEqual(article.lead_video, video)
        html = self.client.get(article.url).content.decode()
        self.assertIn("https://player.youku.com/embed/XNTk0MjY0NjU2OA==", html)

    def test_hostile_embed_addresses_are_refused_in_the_editor(self):
        for url in HOSTILE_EMBEDS:
            with self.subTest(url=url):
                response = self.post_article("坏地址", [("video", {"video": url, "caption": ""})])
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "视频")
        self.assertFalse(ArticlePage.objects.filter(title="坏地址").exists())

    def test_hostile_lead_video_values_are_refused(self):
        for value in ("abc", "999999", "-1", "1 OR 1=1", "<script>"):
            with self.subTest(value=value):
                response = self.post_article(
                    "坏视频", [("paragraph", rich_text("<p>正文。</p>"))], lead_video=value
                )
                self.assertEqual(response.status_code, 200)
        self.assertFalse(ArticlePage.objects.filter(title="坏视频").exists())


class DeskRulesTest(TestCase):
    """The rules of docs/media.md, for videos: desks upload into their own collection, and a
    video a live article plays changes only with the say of whoever may publish it."""

    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.xinzhou = desks.desk_collection(cls.tree.xinzhou)

    def login(self, key):
        self.client.login(username=key, password=PASSWORD)

    def test_the_admin_checks_the_newsroom_policy(self):
        self.assertIs(MediaPermissionPolicyChecker().policy, video_permission_policy())

    def test_a_reporter_uploads_into_the_desk_collection(self):
        reporter = self.users["reporter_xinzhou"]
        policy = video_permission_policy()
        self.assertTrue(policy.user_has_permission(reporter, "add"))
        self.assertEqual(
            list(policy.collections_user_has_permission_for(reporter, "add")), [self.xinzhou]
        )

    def test_a_video_on_a_live_article_is_held_by_its_publisher(self):
        editor = self.users["desk_xinzhou"]
        video = make_video(collection=self.xinzhou, uploaded_by_user=editor)
        policy = video_permission_policy()
        self.assertTrue(policy.user_has_permission_for_instance(editor, "change", video))
        make_article(self.tree.xinzhou, "忻州视频", lead_video=video)
        self.assertFalse(policy.user_has_permission_for_instance(editor, "change", video))
        self.assertTrue(
            policy.user_has_permission_for_instance(self.users["chief"], "change", video)
        )
        self.login("desk_xinzhou")
        response = self.client.get(reverse("wagtailmedia:edit", args=(video.pk,)))
        self.assertNotEqual(response.status_code, 200)
        response = self.client.post(reverse("wagtailmedia:delete", args=(video.pk,)))
        self.assertNotEqual(response.status_code, 200)
        self.assertTrue(Video.objects.filter(pk=video.pk).exists())

    def test_another_desk_cannot_change_the_video(self):
        video = make_video(collection=self.xinzhou, uploaded_by_user=self.users["desk_xinzhou"])
        policy = video_permission_policy()
        self.assertFalse(
            policy.user_has_permission_for_instance(self.users["desk_taiyuan"], "change", video)
        )
        self.login("desk_taiyuan")
        response = self.client.get(reverse("wagtailmedia:edit", args=(video.pk,)))
        self.assertNotEqual(response.status_code, 200)

    def test_a_reporter_uploads_through_the_admin(self):
        self.login("reporter_xinzhou")
        response = self.client.post(
            reverse("wagtailmedia:add", args=("video",)),
            upload_form(title="记者视频", collection=str(self.xinzhou.pk)),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Video.objects.get(title="记者视频").collection, self.xinzhou)
