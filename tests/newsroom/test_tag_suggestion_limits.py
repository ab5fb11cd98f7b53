"""The tag-suggestion endpoint's bounded cost (issue 14, finding 12c).

jieba costs up to 0.2 s of CPU per 10,000 characters; the endpoint answers only someone who
may edit the page (or add one under its parent), reads at most 10,000 characters and is
rate-limited per user and per address. Through the admin URL with the test client.
"""

from django.test import TestCase, override_settings

from newsroom.suggestions import MAX_SUGGESTION_TEXT, suggest_tags
from tests.support.accounts import sign_in_verified
from tests.support.factories import make_article
from tests.support.newsroom import add_url, build_newsroom, edit_url

URL = "/admin/newsroom/tag-suggestions/"
TEXT = "忻州市召开疫情防控工作会议,要求加强重点场所疫情防控。"


class TagSuggestionPermissionTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.xinzhou_article = make_article(cls.tree.xinzhou, "忻州稿件")
        cls.taiyuan_article = make_article(cls.tree.taiyuan, "太原稿件")

    def suggest(self, key, **data):
        # Past the second step, which the chief owes (twofactor/).
        sign_in_verified(self.client, self.users[key])
        return self.client.post(URL, {"title": "疫情防控", "text": TEXT, **data})

    def assertSuggests(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertIn("疫情", response.json()["tags"])

    def assertRefused(self, response):
        self.assertEqual(response.status_code, 403)
        self.assertIn("权限", response.json()["error"])

    def test_comment_moderator_may_not_use_it(self):
        self.assertRefused(self.suggest("moderator"))
        self.assertRefused(self.suggest("moderator", page=self.xinzhou_article.pk))

    def test_only_for_a_page_the_user_may_edit(self):
        self.assertSuggests(self.suggest("desk_xinzhou", page=self.xinzhou_article.pk))
        self.assertRefused(self.suggest("desk_xinzhou", page=self.taiyuan_article.pk))
        # A colleague's article is not the reporter's to edit.
        self.assertRefused(self.suggest("reporter_xinzhou", page=self.xinzhou_article.pk))
        self.assertSuggests(self.suggest("chief", page=self.taiyuan_article.pk))

    def test_a_new_page_needs_permission_to_add_under_its_parent(self):
        self.assertSuggests(self.suggest("reporter_xinzhou", parent=self.tree.xinzhou.pk))
        self.assertRefused(self.suggest("reporter_xinzhou", parent=self.tree.taiyuan.pk))

    def test_unknown_pages_and_bad_ids(self):
        self.assertRefused(self.suggest("chief", page=99999999))
        for bad in ("abc", "-1", "1e3", "99999999999999999999"):
            with self.subTest(bad=bad):
                response = self.suggest("chief", page=bad)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["error"], "请求参数无效。")

    def test_the_editor_tells_the_endpoint_which_page(self):
        self.client.force_login(self.users["desk_xinzhou"])
        edit = self.client.get(edit_url(self.xinzhou_article))
        self.assertContains(edit, f'data-page="{self.xinzhou_article.pk}" data-parent=""')
        add = self.client.get(add_url(self.tree.xinzhou))
        self.assertContains(add, f'data-page="" data-parent="{self.tree.xinzhou.pk}"')


class TagSuggestionSizeTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def setUp(self):
        self.client.force_login(self.users["reporter_xinzhou"])

    def post(self, text, **data):
        return self.client.post(URL, {"parent": self.tree.xinzhou.pk, "text": text, **data})

    def test_ten_thousand_characters_are_analysed(self):
        text = (TEXT * (MAX_SUGGESTION_TEXT // len(TEXT) + 1))[:MAX_SUGGESTION_TEXT]
        self.assertEqual(self.post(text).status_code, 200)

    def test_more_is_refused_with_a_chinese_message(self):
        response = self.post("疫" * (MAX_SUGGESTION_TEXT + 1))
        self.assertEqual(response.status_code, 413)
        self.assertEqual(
            response.json()["error"],
            "内容过长:标签建议最多分析 10000 个字符,本次提交了 10001 个。",
        )
        # Title and lead count too.
        self.assertEqual(self.post("疫" * 9000, title="防" * 1000).status_code, 413)

    def test_browser_line_breaks_count_once(self):
        # FormData sends "\n" as CRLF; 10,000 characters typed stay 10,000 characters.
        lines = "\r\n".join(["疫情防控" * 24 + "工作。"] * 100)
        self.assertEqual(len(lines.replace("\r\n", "\n")), MAX_SUGGESTION_TEXT - 1)
        self.assertEqual(self.post(lines).status_code, 200)

    def test_the_editor_panel_reads_only_the_opening_of_a_long_article(self):
        # The keyword of the article's tail is past the limit, so it is not suggested.
        text = "会议" * (MAX_SUGGESTION_TEXT // 2) + "长治高铁站" * 50
        self.assertNotIn("长治", suggest_tags(text))
        self.assertIn("长治", suggest_tags("长治高铁站" * 50))


class TagSuggestionRateTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def post(self, key, **extra):
        sign_in_verified(self.client, self.users[key])
        return self.client.post(URL, {"text": TEXT}, **extra)

    # A window of days: the test never straddles two fixed windows.
    @override_settings(DAYUAN_TAG_SUGGESTION_LIMITS={"user": (3, 900_000)})
    def test_per_user_limit_answers_429_with_retry_after(self):
        for _ in range(3):
            self.assertEqual(self.post("reporter_xinzhou").status_code, 200)
        response = self.post("reporter_xinzhou")
        self.assertEqual(response.status_code, 429)
        self.assertGreater(int(response["Retry-After"]), 0)
        self.assertIn("过于频繁", response.json()["error"])
        # Another user has their own allowance.
        self.assertEqual(self.post("desk_xinzhou").status_code, 200)

    @override_settings(DAYUAN_TAG_SUGGESTION_LIMITS={"address": (3, 900_000)})
    def test_per_address_limit_counts_every_user_of_the_address(self):
        for key in ("reporter_xinzhou", "desk_xinzhou", "chief"):
            self.assertEqual(self.post(key).status_code, 200)
        self.assertEqual(self.post("reporter_taiyuan").status_code, 429)
        other = self.post("reporter_taiyuan", REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 200)
