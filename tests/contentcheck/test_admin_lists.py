"""内容检查 → 发稿敏感词 / 易错词 in the admin: who may do what, pasting a list, the report page."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from contentcheck.models import Misspelling, PublishingWord
from tests.support.factories import make_article
from tests.support.newsroom import build_newsroom


def assert_refused(test, response):
    """Wagtail answers a refused admin request with 403, or a redirect to the dashboard."""
    test.assertIn(response.status_code, (302, 403))
    if response.status_code == 302:
        test.assertEqual(response["Location"], "/admin/")


WORDS = "/admin/snippets/contentcheck/publishingword/"
MISSPELLINGS = "/admin/snippets/contentcheck/misspelling/"


class ListPermissionsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        PublishingWord.objects.create(word="内部资料")

    def login(self, key):
        self.client.force_login(self.users[key])

    def test_chief_editor_manages_both_lists(self):
        self.login("chief")
        response = self.client.get(WORDS)
        self.assertContains(response, "内部资料")
        self.assertContains(response, "粘贴导入")
        response = self.client.post(f"{WORDS}add/", {"word": "未公开数据", "level": "block"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(PublishingWord.objects.filter(word="未公开数据").exists())
        response = self.client.post(f"{MISSPELLINGS}add/", {"wrong": "帐号", "correct": "账号"})
        self.assertEqual(response.status_code, 302)

    def test_desk_editor_may_only_look(self):
        self.login("desk_xinzhou")
        response = self.client.get(WORDS)
        self.assertContains(response, "内部资料")
        self.assertNotContains(response, "粘贴导入")
        self.assertEqual(self.client.get(MISSPELLINGS).status_code, 200)
        self.client.post(f"{WORDS}add/", {"word": "偷偷加的词", "level": "block"})
        self.assertFalse(PublishingWord.objects.filter(word="偷偷加的词").exists())
        assert_refused(self, self.client.get(f"{WORDS}import/"))

    def test_reporter_and_moderator_do_not_see_the_lists(self):
        for key in ("reporter_xinzhou", "moderator"):
            self.login(key)
            response = self.client.get(WORDS)
            self.assertNotEqual(response.status_code, 200)
            self.assertFalse(PublishingWord.objects.filter(word="x").exists())

    def test_duplicates_and_empty_words_get_a_chinese_message(self):
        self.login("chief")
        response = self.client.post(f"{WORDS}add/", {"word": "内部 资料", "level": "block"})
        self.assertContains(response, "这个词已在列表中")
        response = self.client.post(f"{WORDS}add/", {"word": "内部资料", "level": "block"})
        self.assertContains(response, "这个词已在列表中")
        response = self.client.post(f"{WORDS}add/", {"word": "!!!", "level": "block"})
        self.assertContains(response, "至少要包含一个文字或数字")
        response = self.client.post(f"{WORDS}add/", {"word": "好词", "level": "nonsense"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PublishingWord.objects.filter(word="好词").exists())
        response = self.client.post(f"{MISSPELLINGS}add/", {"wrong": "作为", "correct": "作为"})
        self.assertContains(response, "正确写法不能与易错写法相同")

    def test_search_and_filter(self):
        PublishingWord.objects.create(word="小道消息", level="warn")
        self.login("chief")
        response = self.client.get(WORDS, {"level": "warn"})
        self.assertContains(response, "小道消息")
        self.assertNotContains(response, ">内部资料<")
        response = self.client.get(MISSPELLINGS, {"q": "再接再"})
        self.assertContains(response, "再接再厉")
        self.assertNotContains(response, "既使")
        self.assertEqual(self.client.get(WORDS, {"level": "<script>"}).status_code, 200)
        self.assertEqual(self.client.get(WORDS, {"p": "abc"}).status_code, 200)


class PasteImportTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def setUp(self):
        self.client.force_login(self.users["chief"])

    def test_pasted_words_are_added_once(self):
        PublishingWord.objects.create(word="内部资料")
        response = self.client.post(
            f"{WORDS}import/",
            {"lines": "内部资料\n\n  未公开数据 \n内部 资料\n未公开数据\n", "level": "warn"},
            follow=True,
        )
        self.assertContains(response, "已导入 1 条,跳过已有的 3 条。")
        self.assertEqual(PublishingWord.objects.get(word="未公开数据").level, "warn")

    def test_pasted_misspellings_accept_the_usual_separators(self):
        response = self.client.post(
            f"{MISSPELLINGS}import/", {"lines": "帐号 账号\n其它→其他\n订阅,订阅号\n做为 作为"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Misspelling.objects.get(wrong="帐号").correct, "账号")
        self.assertEqual(Misspelling.objects.get(wrong="其它").correct, "其他")
        self.assertEqual(Misspelling.objects.get(wrong="订阅").correct, "订阅号")

    def test_bad_lines_are_named_and_nothing_is_added(self):
        before = Misspelling.objects.count()
        response = self.client.post(f"{MISSPELLINGS}import/", {"lines": "帐号 账号\n只有一个词"})
        self.assertContains(response, "第 2 行应为“易错写法 正确写法”")
        self.assertEqual(Misspelling.objects.count(), before)
        response = self.client.post(f"{WORDS}import/", {"lines": "长" * 61, "level": "block"})
        self.assertContains(response, "第 1 行超过 60 个字")
        response = self.client.post(f"{WORDS}import/", {"lines": "词", "level": "<b>"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PublishingWord.objects.exists())

    def test_huge_paste_is_refused_with_a_message(self):
        lines = "\n".join(f"词{number}" for number in range(2001))
        response = self.client.post(f"{WORDS}import/", {"lines": lines, "level": "block"})
        self.assertContains(response, "一次最多导入 2000 行")
        response = self.client.post(f"{WORDS}import/", {"lines": "词" * 100_001, "level": "block"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PublishingWord.objects.exists())


class ReportPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        PublishingWord.objects.create(word="内部资料")

    def report(self, page):
        return f"/admin/contentcheck/page/{page.pk}/"

    def test_report_lists_findings_for_those_who_may_edit(self):
        article = make_article(self.tree.xinzhou, "内部资料流出", publish=False)
        self.client.force_login(self.users["desk_xinzhou"])
        response = self.client.get(self.report(article))
        self.assertContains(response, "标题 第1字")
        self.assertContains(response, "敏感词(必须修改)")
        self.client.force_login(self.users["desk_taiyuan"])
        assert_refused(self, self.client.get(self.report(article)))

    def test_unknown_or_hostile_page_ids_are_404(self):
        self.client.force_login(self.users["chief"])
        self.assertEqual(self.client.get("/admin/contentcheck/page/999999/").status_code, 404)
        self.assertEqual(self.client.get("/admin/contentcheck/page/abc/").status_code, 404)
        big = "/admin/contentcheck/page/99999999999999999999999/"
        self.assertEqual(self.client.get(big).status_code, 404)

    def test_report_query_count_does_not_grow_with_findings(self):
        self.client.force_login(self.users["chief"])
        counts = []
        for size in (5, 50):
            body = [("paragraph", "<p>这是内部资料,做为参考。</p>")] * size
            article = make_article(self.tree.xinzhou, f"报告{size}", body=body, publish=False)
            self.client.get(self.report(article))  # warm per-process caches (menu, matcher)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(self.report(article))
            self.assertContains(response, f"正文 第{size}个正文段落")
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])


class ListingQueryCountTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()

    def test_listing_queries_hold_at_5_and_50_words(self):
        self.client.force_login(self.users["chief"])
        Misspelling.objects.all().delete()
        counts = []
        for size in (5, 50):
            PublishingWord.objects.all().delete()
            PublishingWord.objects.bulk_create(PublishingWord(word=f"词{n}") for n in range(size))
            Misspelling.objects.all().delete()
            Misspelling.objects.bulk_create(
                Misspelling(wrong=f"错{n}", correct=f"对{n}") for n in range(size)
            )
            for url in (WORDS, MISSPELLINGS):
                self.client.get(url)  # warm per-process caches (menu, permissions)
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                counts.append(len(queries))
        self.assertEqual(counts[:2], counts[2:])
