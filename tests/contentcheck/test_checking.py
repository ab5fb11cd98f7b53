"""The check itself: what it finds in a text and where, on any page, with the lists editors keep."""

import time

from django.test import TestCase

from contentcheck.checking import MISSPELLING, SENSITIVE, Finding, check_page, check_text
from contentcheck.models import Misspelling, PublishingWord
from tests.support import RUNAWAY_SECONDS
from tests.support.factories import build_site, make_article, make_image


class CheckTextTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        PublishingWord.objects.create(word="内部资料", level=PublishingWord.Level.BLOCK)
        PublishingWord.objects.create(word="小道消息", level=PublishingWord.Level.WARN)

    def test_blocking_word_is_found_with_its_position(self):
        findings = check_text("会议材料属于内部资料。", "正文")
        self.assertEqual(findings, [Finding(SENSITIVE, "内部资料", "", True, "正文", 6)])
        self.assertEqual(findings[0].label, "正文 第7字")

    def test_separators_and_full_width_forms_do_not_hide_a_word(self):
        findings = check_text("这是内 部．资料", "导语")
        self.assertEqual([(f.word, f.position) for f in findings], [("内部资料", 2)])

    def test_warning_word_is_not_blocking(self):
        (finding,) = check_text("据小道消息称")
        self.assertFalse(finding.blocking)
        self.assertEqual(finding.label, "第2字")

    def test_seeded_misspellings_carry_their_correction_and_never_block(self):
        findings = check_text("做为记者,既使下雨也要再接再励。")
        self.assertEqual(
            [(f.kind, f.word, f.suggestion, f.blocking, f.position) for f in findings],
            [
                (MISSPELLING, "做为", "作为", False, 0),
                (MISSPELLING, "既使", "即使", False, 5),
                (MISSPELLING, "再接再励", "再接再厉", False, 11),
            ],
        )
        self.assertEqual(findings[0].message, "第1字:“做为”可能应为“作为”")

    def test_clean_text_and_empty_text_have_no_findings(self):
        self.assertEqual(check_text("作为记者,即使下雨也要再接再厉。"), [])
        self.assertEqual(check_text(""), [])

    def test_a_change_to_either_list_is_seen_at_the_next_check(self):
        self.assertEqual(check_text("这是新词"), [])
        word = PublishingWord.objects.create(word="新词")
        self.assertEqual([f.word for f in check_text("这是新词")], ["新词"])
        word.level = PublishingWord.Level.WARN
        word.save()
        self.assertFalse(check_text("这是新词")[0].blocking)
        word.delete()
        self.assertEqual(check_text("这是新词"), [])
        Misspelling.objects.create(wrong="新词", correct="旧词")
        self.assertEqual(check_text("这是新词")[0].suggestion, "旧词")

    def test_markup_and_hostile_text_are_only_text(self):
        findings = check_text("<script>alert('内部资料')</script>' OR 1=1 --\x00")
        self.assertEqual([f.word for f in findings], ["内部资料"])

    def test_a_long_article_is_checked_quickly(self):
        text = ("忻州市各区县组织干部群众植树,做为今年春季的重点工作。" * 400)[:10_000]
        started = time.perf_counter()
        findings = check_text(text, "正文")
        self.assertLess(time.perf_counter() - started, RUNAWAY_SECONDS)
        self.assertEqual(len(findings), text.count("做为"))


class CheckPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        PublishingWord.objects.create(word="内部资料")
        cls.tree = build_site()

    def test_every_field_and_block_is_walked_and_named(self):
        article = make_article(
            self.tree.xinzhou,
            "做为标题",
            summary="导语里有内部资料",
            body=[
                ("paragraph", "<p>第一段正常。</p><p>第二段有<b>内部</b>资料。</p>"),
                ("heading", {"text": "既使小标题", "level": "h2"}),
                ("quote", {"text": "引文", "attribution": "再接再励"}),
                ("table", {"data": [["表头", "内部资料"]], "first_row_is_table_header": True}),
                ("image", {"image": make_image(), "caption": "图为内部资料"}),
            ],
        )
        labels = [(f.word, f.label) for f in check_page(article)]
        self.assertEqual(
            labels,
            [
                ("做为", "标题 第1字"),
                ("内部资料", "导语 第5字"),
                ("内部资料", "正文 第1个正文段落 第2段 第5字"),
                ("既使", "正文 第2个小标题 小标题 第1字"),
                ("再接再励", "正文 第3个引文 出处 第1字"),
                ("内部资料", "正文 第4个表格 第1行第2列 第1字"),
                ("内部资料", "正文 第5个图片 图片说明 第3字"),
            ],
        )

    def test_page_machinery_is_not_checked(self):
        article = make_article(self.tree.xinzhou, "普通标题", slug="neibuziliao")
        self.assertEqual(check_page(article), [])
