"""Editors' search synonyms: what a rule means, and what the search page finds with it."""

import re
import time

from django.test import TestCase, override_settings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from modelsearch.query import And, Or, Phrase, PlainText

from search.analysis import tokens_for_query
from search.forms import parse_query
from search.models import SearchSynonym
from search.synonyms import (
    EQUIVALENT,
    MAX_QUERY_SYNONYMS,
    MAX_WORD_SYNONYMS,
    ONE_WAY,
    compile_rules,
    expansions_for,
    split_terms,
    validate_rule,
)
from tests.search.test_bad_input import NASTY_QUERIES
from tests.support import RUNAWAY_SECONDS
from tests.support.factories import build_site, make_article


def synonyms_of(rules, word):
    compiled = compile_rules(rules)
    (term,) = tokens_for_query(word)
    return compiled.get(term.tokens, ())


# Rules, without the database -------------------------------------------------------------


def test_terms_are_written_one_a_line_or_between_commas():
    assert split_terms("新冠,新型冠状病毒、新冠肺炎") == ["新冠", "新型冠状病毒", "新冠肺炎"]
    assert split_terms("新冠\uff0c新冠肺炎\uff1b疫情;COVID-19") == [
        "新冠",
        "新冠肺炎",
        "疫情",
        "COVID-19",
    ]
    assert split_terms(" 太原 \n\n 并州,\n 龙城 ") == ["太原", "并州", "龙城"]
    assert split_terms("新型  冠状病毒") == ["新型 冠状病毒"]
    assert split_terms("新冠,,肺炎") == ["新冠", "", "肺炎"]
    assert split_terms("") == split_terms(None) == split_terms(",,\n、") == []


def test_an_equivalence_group_finds_every_member_from_any():
    rules = [(EQUIVALENT, "新冠,新型冠状病毒,新冠肺炎", "")]
    assert synonyms_of(rules, "新冠") == ("新型冠状病毒", "新冠肺炎")
    assert synonyms_of(rules, "新型冠状病毒") == ("新冠", "新冠肺炎")
    assert synonyms_of(rules, "新冠肺炎") == ("新冠", "新型冠状病毒")


def test_a_one_way_rule_does_not_go_back():
    rules = [(ONE_WAY, "太原", "并州,龙城")]
    assert synonyms_of(rules, "太原") == ("并州", "龙城")
    assert synonyms_of(rules, "并州") == ()
    assert synonyms_of(rules, "龙城") == ()


def test_terms_are_matched_through_the_analysis():
    # Traditional, full-width and upper-case forms in a rule or in the query are the same word.
    rules = [(EQUIVALENT, "會議,座談會", ""), (ONE_WAY, "ＣＯＶＩＤ１９", "新冠")]
    assert synonyms_of(rules, "会议") == ("座谈会",)
    assert synonyms_of(rules, "會議") == ("座谈会",)
    assert synonyms_of(rules, "Covid19") == ("新冠",)


def test_expansion_is_one_step_and_merges_rules_in_order():
    rules = [
        (EQUIVALENT, "新冠,新冠肺炎", ""),
        (ONE_WAY, "新冠", "疫情"),
        (EQUIVALENT, "疫情,疫症", ""),
    ]
    assert synonyms_of(rules, "新冠") == ("新冠肺炎", "疫情")  # not 疫症: one step
    assert synonyms_of(rules, "疫情") == ("疫症",)


def test_invalid_terms_in_a_stored_rule_are_skipped():
    rules = [(EQUIVALENT, "新冠,,!!!,新冠肺炎," + "长" * 101, ""), ("unknown", "甲,乙", "")]
    assert synonyms_of(rules, "新冠") == ("新冠肺炎",)
    assert synonyms_of(rules, "甲") == ()


def test_synonyms_are_capped_per_word_and_per_query():
    group = ",".join(f"词{n}" for n in range(40))
    compiled = compile_rules([(EQUIVALENT, group, "")])
    (term,) = tokens_for_query("词0")
    assert len(compiled[term.tokens]) == MAX_WORD_SYNONYMS
    terms = tokens_for_query(" ".join(f"词{n}" for n in range(10)))
    assert sum(map(len, expansions_for(terms, compiled))) == MAX_QUERY_SYNONYMS


def test_validation_messages():
    assert validate_rule(EQUIVALENT, "新冠,新冠肺炎", "") == {}
    assert validate_rule(ONE_WAY, "太原", "并州") == {}
    cases = [
        (EQUIVALENT, "新冠,,肺炎", "", "terms", "第 2 个词语是空的"),
        (EQUIVALENT, "新冠,!!!", "", "terms", "“!!!”里没有可以搜索的文字"),
        (EQUIVALENT, "新冠", "", "terms", "同义词组至少要有两个词语"),
        (EQUIVALENT, "新冠,新冠", "", "terms", "“新冠”重复了"),
        (EQUIVALENT, "會議,会议", "", "terms", "“會議”和“会议”是同一个词"),
        (EQUIVALENT, "新冠," + "长" * 101, "", "terms", "太长:一个词语最多 100 个字"),
        (EQUIVALENT, "新冠,肺炎", "疫情", "expansions", "同义词组不用填写“扩展为”"),
        (ONE_WAY, "太原", "", "expansions", "单向扩展要填写“扩展为”"),
        (ONE_WAY, "太原", "并州,太原", "expansions", "“太原”已经是搜索词“太原”"),
        (ONE_WAY, "太原", "并州,並州", "expansions", "“并州”和“並州”是同一个词"),
        (EQUIVALENT, ",".join(f"词{n}" for n in range(21)), "", None, "最多 20 个词语"),
        (ONE_WAY, "太原,晋阳", ",".join(f"词{n}" for n in range(19)), None, "这里有 21 个"),
    ]
    for kind, terms, expansions, field, message in cases:
        errors = validate_rule(kind, terms, expansions)
        assert any(message in error for error in errors.get(field, [])), (terms, errors)


rule_text = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.one_of(
            st.sampled_from(["新冠", "會議", "会议", "太原", "", "!!!", "ＣＯＶＩＤ"]), st.text()
        ),
        max_size=30,
    ).map(",".join),
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from([EQUIVALENT, ONE_WAY, "", "x"]), terms=rule_text, expansions=rule_text)
def test_rules_are_total(kind, terms, expansions):
    errors = validate_rule(kind, terms, expansions)
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)
    compiled = compile_rules([(kind, terms, expansions)])
    for key, found in compiled.items():
        assert isinstance(key, tuple) and 0 < len(found) <= MAX_WORD_SYNONYMS


words = st.lists(
    st.text(
        alphabet=st.sampled_from(list("新冠肺炎疫情太原并州會議会议长")), min_size=1, max_size=4
    ),
    min_size=2,
    max_size=6,
    unique=True,
)


@settings(max_examples=200, deadline=None)
@given(group=words)
def test_every_member_of_a_valid_group_finds_every_other(group):
    rules = [(EQUIVALENT, ",".join(group), "")]
    if validate_rule(*rules[0]):
        return  # two spellings of one word (會議, 会议): refused in the admin
    compiled = compile_rules(rules)
    for word in group:
        (term,) = tokens_for_query(word)
        others = {other for other in group if other != word}
        assert set(compiled[term.tokens]) == {tokens_for_query(o)[0].text for o in others}


@settings(max_examples=200, deadline=None)
@given(source=words, targets=words)
def test_one_way_rules_never_go_back(source, targets):
    rules = [(ONE_WAY, ",".join(source), ",".join(targets))]
    if validate_rule(*rules[0]):
        return
    compiled = compile_rules(rules)
    for word in targets:
        assert tokens_for_query(word)[0].tokens not in compiled


def test_parse_query_expands_only_words_with_synonyms():
    compiled = compile_rules([(EQUIVALENT, "新冠,新冠肺炎", "")])
    query = parse_query('太原 新冠 "新冠 疫苗"', compiled)
    assert isinstance(query, And)
    words, quoted = query.subqueries
    assert [type(q) for q in words.subqueries] == [Phrase, Or]
    assert [p.query_string for p in words.subqueries[1].subqueries] == ["新冠", "新冠肺炎"]
    assert isinstance(quoted, Phrase) and quoted.query_string == "新冠 疫苗"  # never expanded
    # Without synonyms, or none for these words, the query is what it always was.
    assert isinstance(parse_query("太原 疫情", compiled), PlainText)
    assert isinstance(parse_query("新冠", None), PlainText)


# Through the search page -----------------------------------------------------------------


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def titles(response):
    return re.findall(r'class="search-hit__title"><a href="[^"]+">(.*?)</a>', response.text)


def plain_titles(response):
    return sorted(re.sub("</?mark>", "", title) for title in titles(response))


NO_RATE_LIMITS = override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)


@NO_RATE_LIMITS
class SynonymSearchTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        make_article(cls.tree.xinzhou, "忻州新冠疫苗接种进展", body=paragraph("接种工作有序推进。"))
        make_article(
            cls.tree.taiyuan,
            "新型冠状病毒防控指南",
            body=paragraph("太原市民要做好个人防护。"),
        )
        make_article(cls.tree.shehui, "社区防治宣传", body=paragraph("讲解新冠肺炎的预防知识。"))
        make_article(cls.tree.taiyuan, "并州古城的春天", body=paragraph("古城游人如织。"))
        make_article(cls.tree.taiyuan, "龍城夜景", body=paragraph("夜景灯光秀开幕。"))
        SearchSynonym.objects.create(kind=EQUIVALENT, terms="新冠\n新型冠状病毒\n新冠肺炎")
        SearchSynonym.objects.create(kind=ONE_WAY, terms="太原", expansions="并州,龍城")

    def get(self, query, **params):
        response = self.client.get("/search/", {"q": query, **params})
        self.assertEqual(response.status_code, 200)
        return response

    def test_any_member_of_a_group_finds_all(self):
        expected = ["忻州新冠疫苗接种进展", "新型冠状病毒防控指南", "社区防治宣传"]
        for query in ["新冠", "新型冠状病毒", "新冠肺炎"]:
            with self.subTest(query=query):
                self.assertEqual(plain_titles(self.get(query)), expected)

    def test_one_way_expansion_does_not_go_back(self):
        # The section 太原 is a page too.
        self.assertEqual(
            plain_titles(self.get("太原")),
            ["太原", "并州古城的春天", "新型冠状病毒防控指南", "龍城夜景"],
        )
        self.assertEqual(plain_titles(self.get("并州")), ["并州古城的春天"])
        # The rule says 龍城; the reader types 龙城 or 龍城.
        self.assertEqual(plain_titles(self.get("龙城")), ["龍城夜景"])

    def test_a_word_with_synonyms_is_anded_with_the_other_words(self):
        self.assertEqual(plain_titles(self.get("新冠 接种")), ["忻州新冠疫苗接种进展"])
        self.assertEqual(plain_titles(self.get("太原 防护")), ["新型冠状病毒防控指南"])
        self.assertEqual(plain_titles(self.get("新冠 古城")), [])

    def test_quoted_phrases_are_not_expanded(self):
        self.assertEqual(plain_titles(self.get('"新冠"')), ["忻州新冠疫苗接种进展", "社区防治宣传"])
        self.assertEqual(plain_titles(self.get('"太原"')), ["太原", "新型冠状病毒防控指南"])

    def test_traditional_query_words_use_the_rules(self):
        self.assertEqual(
            plain_titles(self.get("龍城")), plain_titles(self.get("龙城")), ["龍城夜景"]
        )
        self.assertEqual(
            plain_titles(self.get("新型冠狀病毒")),
            ["忻州新冠疫苗接种进展", "新型冠状病毒防控指南", "社区防治宣传"],
        )

    def test_the_synonym_that_matched_is_marked(self):
        response = self.get("新冠")
        self.assertIn("<mark>新型冠状病毒</mark>防控指南", titles(response))
        self.assertIn("讲解<mark>新冠肺炎</mark>的预防知识", response.text)
        response = self.get("太原")
        self.assertIn("<mark>并州</mark>古城的春天", titles(response))
        self.assertIn("<mark>龍城</mark>夜景", titles(response))

    def test_a_rule_takes_effect_at_the_next_search_without_reindexing(self):
        self.assertEqual(plain_titles(self.get("疫苗")), ["忻州新冠疫苗接种进展"])
        rule = SearchSynonym.objects.create(kind=ONE_WAY, terms="疫苗", expansions="预防")
        self.assertEqual(plain_titles(self.get("疫苗")), ["忻州新冠疫苗接种进展", "社区防治宣传"])
        rule.expansions = "防护"
        rule.save()
        self.assertEqual(
            plain_titles(self.get("疫苗")), ["忻州新冠疫苗接种进展", "新型冠状病毒防控指南"]
        )
        rule.delete()
        self.assertEqual(plain_titles(self.get("疫苗")), ["忻州新冠疫苗接种进展"])

    def test_popular_searches_count_what_synonyms_find(self):
        # 晋阳 is in no article: only its synonym finds something, which 热门搜索 requires.
        SearchSynonym.objects.create(kind=ONE_WAY, terms="晋阳", expansions="并州")
        for _ in range(3):
            self.assertEqual(plain_titles(self.get("晋阳")), ["并州古城的春天"])
            self.get("火星探测")
        popular = self.get("")
        self.assertContains(popular, ">晋阳</a>")
        self.assertNotContains(popular, "火星探测")

    def test_bad_input_with_rules_present_never_fails(self):
        SearchSynonym.objects.create(kind=EQUIVALENT, terms="疫情,疫症,*,AND")
        for query in [*NASTY_QUERIES, "新冠 " * 50, "太原" * 50, "疫情 AND", '"新冠" 太原 "']:
            with self.subTest(query=query[:30]):
                started = time.perf_counter()
                response = self.client.get("/search/", {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertLess(time.perf_counter() - started, RUNAWAY_SECONDS)
                self.assertNotIn("<script>alert", response.text)


@NO_RATE_LIMITS
class SynonymQueryCountTest(TestCase):
    """Rules come from the cache: a search costs what it cost without them, at 5 or 50 rules."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        for number in range(45):
            make_article(tree.taiyuan, f"批量稿件{number}", minutes_ago=number)
        # 批量稿件 is a word with synonyms in every rule set below.
        SearchSynonym.objects.create(kind=EQUIVALENT, terms="批量稿件,批量文章")

    def get(self, **params):
        response = self.client.get("/search/", {"q": "批量稿件", **params})
        self.assertEqual(response.status_code, 200)
        return response

    def test_query_count_with_rules(self):
        self.get(page="3")  # warm the site and content type caches
        for count in [5, 50]:
            SearchSynonym.objects.bulk_create(
                SearchSynonym(kind=ONE_WAY, terms=f"规则{n}", expansions=f"扩展{n}")
                for n in range(SearchSynonym.objects.count(), count)
            )
            self.assertEqual(SearchSynonym.objects.count(), count)
            SearchSynonym.forget_current()  # bulk_create sends no signal
            with self.subTest(rules=count):
                # The first search after a change reads the rules, once.
                with self.assertNumQueries(6):
                    self.get(page="3")
                # Then as without rules (tests/search/test_page.py): the ranked ids (the
                # count too) or the count and ids by date, pages (two queries for
                # specific()) and section names; 5 results, then 20.
                for sort, queries in [("relevance", 5), ("newest", 4)]:
                    for page in ["3", "2"]:
                        with self.assertNumQueries(queries):
                            response = self.get(page=page, sort=sort)
                        self.assertContains(response, "找到 <strong>45</strong> 条")


class SynonymSearchPropertyTest(HypothesisTestCase):
    """Any request renders the search page with rules present, traditional text included."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        make_article(tree.xinzhou, "忻州新冠疫苗接种进展")
        make_article(tree.taiyuan, "並州古城的春天")
        SearchSynonym.objects.create(kind=EQUIVALENT, terms="新冠,新型冠状病毒,新冠肺炎")
        SearchSynonym.objects.create(kind=ONE_WAY, terms="太原,晋阳", expansions="并州,龍城")
        SearchSynonym.objects.create(kind=EQUIVALENT, terms='疫,"*",AND,covid19')

    @NO_RATE_LIMITS
    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        q=st.one_of(
            st.text(max_size=120),
            st.lists(
                st.sampled_from(
                    ["新冠", "太原", "晉陽", "並州", "疫", '"', "AND", "COVID19", "*", "-", "😀"]
                ),
                max_size=15,
            ).map(" ".join),
        ),
        sort=st.sampled_from(["", "newest", "x"]),
    )
    def test_any_query_renders(self, q, sort):
        started = time.perf_counter()
        response = self.client.get("/search/", {"q": q, "sort": sort})
        self.assertEqual(response.status_code, 200)
        self.assertLess(time.perf_counter() - started, RUNAWAY_SECONDS)
        self.assertIn("<h1>搜索</h1>", response.text)
