"""Traditional characters find simplified text and the other way round, marked as written."""

import re

from django.test import TestCase, override_settings
from django.utils.html import escape

import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import normalize
from search.snippets import find_matches, highlight, snippet
from tests.support.factories import build_site, make_article


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def titles(response):
    return re.findall(r'class="search-hit__title"><a href="[^"]+">(.*?)</a>', response.text)


def snippets(response):
    return re.findall(r'class="search-hit__snippet">(.*?)</p>', response.text, re.S)


# Highlighting, without the database ------------------------------------------------------


def test_a_simplified_word_marks_traditional_text_as_written():
    assert highlight("忻州召開領導小組會議", ["会议", "领导小组"]) == (
        "忻州召開<mark>領導小組會議</mark>"
    )
    assert highlight("太原市召开经济工作会议", ["会议"]) == "太原市召开经济工作<mark>会议</mark>"


def test_marks_follow_opencc_phrases():
    # 乾燥 is 干燥, 乾隆 stays 乾隆: each is marked where the word means it.
    assert highlight("天氣乾燥,乾隆年間", ["干燥", "乾隆"]) == (
        "天氣<mark>乾燥</mark>,<mark>乾隆</mark>年間"
    )


def test_marks_stay_in_place_when_folding_changes_the_length():
    # ㍿ folds to four characters (株式会社); the marks still land on the written characters.
    assert highlight("㍿會議", ["会议"]) == "㍿<mark>會議</mark>"
    assert highlight("ＣＯＶＩＤ－１９會議", ["covid", "会议"]) == (
        "<mark>ＣＯＶＩＤ</mark>－１９<mark>會議</mark>"
    )


def test_a_conversion_that_changes_length_is_mapped_character_by_character():
    # OpenCC's own Taiwan dictionary turns 網際網路 (4) into 互联网 (3): a real conversion that
    # changes length. Positions are then taken from a character-by-character conversion, so the
    # mark covers 會議, not the character before it.
    taiwan = opencc.OpenCC("tw2sp").convert
    text = "連上網際網路後召開會議"
    assert len(taiwan(text)) == len(text) - 1
    spans = find_matches(text, ["会议", "网际"], simplify=taiwan)
    assert [text[start:end] for start, end in spans] == ["網際", "會議"]


def test_snippet_marks_traditional_body_text():
    body = "會議強調,要把疫情防控措施落到實處。" * 3
    assert snippet([body], ["落到实处"]).startswith(
        "會議強調,要把疫情防控措施<mark>落到實處</mark>"
    )


words = st.lists(st.sampled_from(["会议", "领导", "干燥", "乾隆", "复", "covid", "后"]), max_size=4)
text = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("會議会议領導领导乾燥隆覆复後后㍿ＣＯ,。<&>")), st.characters()
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(text=text, words=words)
def test_highlight_only_adds_marks(text, words):
    marked = highlight(text, words)
    assert re.sub("</?mark>", "", marked) == escape(text)
    spans = find_matches(text, words)
    assert spans == sorted(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end < start
    if any(word in normalize(text) for word in words) and len(normalize(text)) == len(text):
        assert spans


# Through the search page -----------------------------------------------------------------


@override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)
class TraditionalSearchPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        cls.traditional = make_article(
            tree.xinzhou,
            "忻州召開領導小組會議",
            body=paragraph("會議強調,要把疫情防控措施落到實處,確保群眾安全。"),
        )
        cls.simplified = make_article(
            tree.taiyuan,
            "太原市召开经济工作会议",
            body=paragraph("会议指出,要稳住经济大盘,确保就业稳定。"),
        )

    def get(self, query):
        response = self.client.get("/search/", {"q": query})
        self.assertEqual(response.status_code, 200)
        return response

    def test_both_scripts_find_both_articles_and_mark_titles_as_written(self):
        expected = ["忻州召開領導小組<mark>會議</mark>", "太原市召开经济工作<mark>会议</mark>"]
        for query in ["会议", "會議"]:
            with self.subTest(query=query):
                response = self.get(query)
                self.assertContains(response, "找到 <strong>2</strong> 条")
                self.assertEqual(sorted(titles(response)), sorted(expected))

    def test_simplified_query_finds_a_traditional_title(self):
        response = self.get("领导小组")
        self.assertEqual(titles(response), ["忻州召開<mark>領導小組</mark>會議"])

    def test_traditional_query_finds_a_simplified_title(self):
        response = self.get("經濟工作")
        self.assertEqual(titles(response), ["太原市召开<mark>经济工作</mark>会议"])

    def test_simplified_query_finds_traditional_body_text(self):
        response = self.get("落到实处")
        self.assertEqual(titles(response), ["忻州召開領導小組會議"])
        self.assertIn("要把疫情防控措施<mark>落到實處</mark>", snippets(response)[0])

    def test_traditional_query_finds_simplified_body_text(self):
        response = self.get("穩住經濟")
        self.assertEqual(titles(response), ["太原市召开经济工作会议"])
        self.assertIn("要<mark>稳住经济</mark>大盘", snippets(response)[0])

    def test_mixed_scripts_in_one_query_and_in_quotes(self):
        self.assertEqual(titles(self.get("確保 群众")), ["忻州召開領導小組會議"])
        response = self.get('"领导小組會议"')
        self.assertEqual(titles(response), ["忻州召開<mark>領導小組會議</mark>"])
        self.assertContains(self.get("確保就业"), "找到 <strong>1</strong> 条")

    def test_near_misses_still_find_nothing(self):
        # Folding makes scripts equal, not words: 领导会议 is not in either article.
        self.assertContains(self.get("領導會議"), "没有找到")
        self.assertContains(self.get("经济小组"), "没有找到")


@override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)
class ConvertedOnlyInsideAPhraseTest(TestCase):
    """A character OpenCC converts alone but keeps inside one of its phrases.

    於 alone is 于, while 於菟 (an old word for tiger) stays as written: the article is
    indexed with 於, a query word cut from it, such as 为於, is folded to 为于 alone.
    """

    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        cls.article = make_article(
            tree.xinzhou, "五台山的老虎", body=paragraph("古人称虎为於菟,见于典籍。")
        )
        make_article(tree.taiyuan, "太原城市建设", body=paragraph("工作重在落实,贵于坚持。"))

    def test_the_folded_index_keeps_the_phrase(self):
        assert normalize("称虎为於菟") == "称虎为於菟"
        assert normalize("为於") == "为于"

    def test_a_word_cut_from_the_phrase_finds_the_article_as_written(self):
        for query in ["为於", "虎为於", "於菟", "為於菟"]:
            with self.subTest(query=query):
                response = self.client.get("/search/", {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(titles(response), ["五台山的老虎"])
                self.assertIn("<mark>", snippets(response)[0])

    def test_the_converted_form_still_finds_simplified_text(self):
        # 贵於 is 贵于 as folded: the other article, which has 贵于, is found, this one not.
        response = self.client.get("/search/", {"q": "贵於"})
        self.assertEqual(titles(response), ["太原城市建设"])
