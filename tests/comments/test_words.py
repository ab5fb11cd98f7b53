"""The sensitive-word filter: two lists, dodges caught, linear in the text."""

import time

from django.test import TestCase, override_settings

from comments.models import Comment, SensitiveWord
from comments.words import WordFilter, normalize_word
from tests.support import RUNAWAY_SECONDS
from tests.support.comments import post_comment
from tests.support.factories import build_site, make_article


class WordFilterTest(TestCase):
    def setUp(self):
        self.filter = WordFilter([("赌博", "block"), ("坏蛋", "mask"), ("spam", "mask")])

    def test_plain_and_dodged_words_are_found(self):
        for text in [
            "网上赌博",
            "网上赌 博",
            "赌.博",
            "赌,博",
            "赌\u200b博",  # zero-width space
            "赌\n博",
            "赌 ★ 博",
            "赌\u0301博",  # a combining mark
        ]:
            with self.subTest(text=repr(text)):
                self.assertEqual(self.filter.check(text).blocked, ["赌博"])

    def test_case_and_full_width_forms_are_folded(self):
        for text in ["SPAM", "Ｓｐａｍ", "s-p-a-m", "S P A M"]:
            with self.subTest(text=text):
                self.assertEqual(self.filter.check(text).masked, ["spam"])

    def test_masking_covers_the_dodged_word_and_leaves_the_rest(self):
        result = self.filter.check("你这个坏 . 蛋,还有SPAM!")
        self.assertEqual(result.text, "你这个**,还有****!")
        self.assertEqual(result.masked, ["坏蛋", "spam"])
        self.assertEqual(result.blocked, [])

    def test_overlapping_and_repeated_words(self):
        word_filter = WordFilter([("abc", "mask"), ("bcd", "mask"), ("c", "mask")])
        result = word_filter.check("xabcdx abc")
        self.assertEqual(result.text, "x****x ***")
        self.assertEqual(result.masked, ["abc", "c", "bcd"])

    def test_a_word_on_both_lists_blocks(self):
        word_filter = WordFilter([("坏蛋", "mask"), ("坏蛋", "block")])
        self.assertEqual(word_filter.check("坏蛋").blocked, ["坏蛋"])

    def test_clean_text_is_untouched(self):
        text = "  这是一条<正常>评论,没有问题。\n第二行  "
        self.assertEqual(self.filter.check(text).text, text)

    def test_matching_time_is_linear_in_the_text(self):
        # 5,000 words; texts of 20k and 200k characters must take about 10x, not 100x
        # (bound at 40x: the shorter run is noisy on a busy machine).
        words = [(f"词{index:04d}", "mask") for index in range(5000)]
        word_filter = WordFilter(words)
        short, long = "评论内容正常" * 3_000, "评论内容正常" * 30_000

        def timed(text):
            start = time.perf_counter()
            word_filter.check(text)
            return time.perf_counter() - start

        short_time = min(timed(short) for _ in range(5))
        long_time = min(timed(long) for _ in range(5))
        self.assertLess(long_time, short_time * 40)
        self.assertLess(long_time, RUNAWAY_SECONDS)

    def test_normalized_words(self):
        self.assertEqual(normalize_word(" Ａ-b c "), "abc")
        self.assertEqual(normalize_word("!!!"), "")


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class EditorListsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_a_blocked_word_refuses_the_comment_and_keeps_the_text(self):
        SensitiveWord.objects.create(word="赌博", action="block")
        response = post_comment(self.client, self.article, "来 赌-博 吧", nickname="甲")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "评论含有不允许发布的内容", status_code=400)
        self.assertContains(response, "来 赌-博 吧</textarea>", status_code=400)
        self.assertEqual(Comment.objects.count(), 0)

    def test_a_blocked_word_in_the_nickname_refuses_too(self):
        SensitiveWord.objects.create(word="赌博", action="block")
        response = post_comment(self.client, self.article, nickname="赌博王")
        self.assertEqual(response.status_code, 400)

    def test_a_masked_word_is_hidden_and_the_comment_flagged(self):
        SensitiveWord.objects.create(word="坏蛋", action="mask")
        post_comment(self.client, self.article, "他是坏 蛋", nickname="坏蛋克星")
        comment = Comment.objects.get()
        self.assertEqual(comment.text, "他是**")
        self.assertEqual(comment.submitted_text, "他是坏 蛋")
        self.assertEqual(comment.nickname, "**克星")
        self.assertEqual(comment.flagged_words, "坏蛋")
        self.assertTrue(comment.is_flagged)

    def test_the_filter_follows_edits_to_the_lists(self):
        self.assertEqual(SensitiveWord.current_filter().check("新词").masked, [])
        word = SensitiveWord.objects.create(word="新词", action="mask")
        self.assertEqual(SensitiveWord.current_filter().check("新词").masked, ["新词"])
        word.action = "block"
        word.save()
        self.assertEqual(SensitiveWord.current_filter().check("新词").blocked, ["新词"])
        word.delete()
        self.assertEqual(SensitiveWord.current_filter().check("新词").blocked, [])

    def test_words_must_contain_a_letter_and_be_unique(self):
        from django.core.exceptions import ValidationError

        SensitiveWord.objects.create(word="Spam", action="mask")
        for word in ["!!!", "spam"]:
            with self.subTest(word=word), self.assertRaises(ValidationError):
                SensitiveWord(word=word, action="block").full_clean()
