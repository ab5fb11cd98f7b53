"""Hostile addresses, page numbers and column values on topics: a 4xx or the page, never a 500."""

from django.test import TestCase

from wagtail.test.utils.form_data import nested_form_data, streamfield

from tests.support.editors import log_in, make_editor
from tests.support.factories import build_site, make_article
from tests.support.topics import column, make_topic
from tests.support.xss_payloads import XSS_PAYLOADS
from topics.models import TopicPage
from topics.permissions import make_topic_editor
from topics.setup import ensure_topic_index

HOSTILE = [
    "abc",
    "-1",
    "0",
    "99999999999999999999999",
    "1e9",
    "",
    "%00",
    "１",
    "<script>",
    "' OR 1=1 --",
]


class TopicBadAddressTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        make_article(cls.tree.xinzhou, "新闻", tags=["乡村振兴"])
        cls.topic = make_topic(
            cls.tree.home, "专题", slug="xczx", columns=[column("动态", tag="乡村振兴")]
        )

    def test_unknown_topic_and_deeper_paths_are_404(self):
        for address in (
            "/zt/nope/",
            "/zt/nope/rss.xml",
            "/zt/xczx/extra/",
            "/zt/xczx/1.html",
            "/zt/%3Cscript%3E/",
        ):
            with self.subTest(address=address):
                self.assertEqual(self.client.get(address).status_code, 404)

    def test_hostile_query_parameters_never_fail(self):
        for value in HOSTILE:
            for address in ("/zt/", "/zt/xczx/", "/zt/xczx/rss.xml"):
                with self.subTest(address=address, page=value):
                    response = self.client.get(address, {"page": value, "tag": value})
                    self.assertEqual(response.status_code, 200)

    def test_stored_garbage_in_a_column_is_ignored_not_fatal(self):
        # JSON written by an older version or by hand: ids that are not numbers, a huge count.
        TopicPage.objects.filter(pk=self.topic.pk).update(
            columns=[
                {
                    "type": "column",
                    "id": "x",
                    "value": {
                        "title": "坏数据",
                        "articles": ["abc", None, {"value": 10**12}],
                        "tag": 5,
                        "count": "多",
                    },
                },
                {"type": "unknown", "id": "y", "value": None},
            ]
        )
        response = self.client.get("/zt/xczx/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "坏数据")


class TopicEditorBadValuesTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.index = ensure_topic_index(cls.tree.home)
        cls.editor = make_editor()
        make_topic_editor(cls.editor)

    def setUp(self):
        log_in(self.client, self.editor)

    def form(self, title, columns):
        return nested_form_data(
            {
                "title": title,
                "slug": "ceshi",
                "intro": title,
                "banner_image": "",
                "columns": streamfield(columns),
                "is_current": "on",
                "seo_title": "",
                "search_description": "",
                "go_live_at": "",
                "expire_at": "",
                "action-publish": "publish",
            }
        )

    def add(self, title, columns):
        return self.client.post(
            f"/admin/pages/add/topics/topicpage/{self.index.pk}/", self.form(title, columns)
        )

    def test_count_over_the_limit_is_refused_with_a_message(self):
        response = self.add(
            "专题",
            [
                (
                    "column",
                    {"title": "栏", "articles": streamfield([]), "tag": "", "count": "100000"},
                )
            ],
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(TopicPage.objects.exists())
        self.assertContains(response, "50")

    def test_unknown_article_id_is_refused_with_a_message(self):
        response = self.add(
            "专题",
            [
                (
                    "column",
                    {
                        "title": "栏",
                        "articles": streamfield([("item", "999999")]),
                        "tag": "",
                        "count": "5",
                    },
                )
            ],
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(TopicPage.objects.exists())
        # The StreamField's errors travel in the editor's JSON, non-ASCII escaped.
        message = "有选中的文章已不存在".encode("unicode_escape").decode()
        self.assertContains(response, message)

    def test_markup_in_every_field_is_shown_as_text(self):
        payload = XSS_PAYLOADS[0]
        response = self.add(
            payload,
            [
                (
                    "column",
                    {"title": payload, "articles": streamfield([]), "tag": payload, "count": "5"},
                )
            ],
        )
        self.assertEqual(response.status_code, 302)
        topic = TopicPage.objects.get()
        topic.get_latest_revision().publish()  # a topic editor saves; the 主编 publishes
        topic.refresh_from_db()
        self.client.logout()
        page = self.client.get(topic.url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, payload)
