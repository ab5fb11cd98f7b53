"""The Chinese text analysis shared by indexing and querying (no database)."""

import ast
import pathlib
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import (
    MAX_QUERY_TERMS,
    _simplifier,
    normalize,
    phrase_for_query,
    to_simplified,
    tokens_for_index,
    tokens_for_query,
)
from tests.support import RUNAWAY_SECONDS

SEARCH_APP = pathlib.Path(__file__).resolve().parents[2] / "search"


def query_tokens(text):
    return [(term.tokens, term.prefix) for term in tokens_for_query(text)]


def test_chinese_runs_become_bigrams_between_their_first_and_last_character():
    assert tokens_for_index("疫情防控") == "疫 疫情 情防 防控 控"
    assert tokens_for_index("会议强调,要把疫情") == "会 会议 议强 强调 调 要 要把 把疫 疫情 情"


def test_single_character_run_is_indexed_alone():
    assert tokens_for_index("第129次") == "第 129 次"
    assert tokens_for_index("第129次会议") == "第 129 次 次会 会议 议"


def test_letters_and_digits_are_split_and_lower_cased():
    assert tokens_for_index("COVID-19疫情") == "covid 19 疫 疫情 情"
    assert tokens_for_index("5G网络") == "5 g 网 网络 络"
    assert tokens_for_index("covid19") == tokens_for_index("Covid 19") == "covid 19"


def test_full_width_forms_are_folded():
    assert normalize("ＣＯＶＩＤ－１９") == "covid-19"
    assert tokens_for_index("ＣＯＶＩＤ－１９") == "covid 19"


def test_traditional_characters_are_folded_to_simplified():
    assert normalize("會議") == "会议"
    assert tokens_for_index("領導小組召開會議") == "领 领导 导小 小组 组召 召开 开会 会议 议"
    assert tokens_for_index("領導小組召開會議") == tokens_for_index("领导小组召开会议")
    assert query_tokens("會議") == query_tokens("会议") == [(("会议",), False)]
    assert query_tokens("領導小組") == [(("领导", "导小", "小组"), False)]
    assert phrase_for_query("會議,領導").tokens == phrase_for_query("会议,领导").tokens
    # Full-width, case and script together.
    assert tokens_for_index("ＣＯＶＩＤ－１９疫情會議") == "covid 19 疫 疫情 情会 会议 议"


def test_conversion_follows_opencc_phrases():
    # 乾 is 干 in 乾燥 but stays in 乾隆; 覆 is 复 in 回覆 and stays alone.
    assert normalize("乾燥") == "干燥"
    assert normalize("乾隆年間") == "乾隆年间"
    assert normalize("回覆") == "回复"
    assert normalize("後來") == "后来"
    # Simplified text is left as it is.
    text = "忻州召开领导小组会议,研究部署疫情防控工作。"
    assert normalize(text) == text


def test_conversion_reaches_a_fixed_point():
    # OpenCC's t2s turns 薴 into 苧, which is itself traditional for 苎.
    assert normalize("薴") == normalize("苧") == normalize("苎") == "苎"


def test_conversion_keeps_text_it_cannot_convert():
    assert normalize("\ud800會議\udfff") == "\ud800会议\udfff"
    assert normalize("疫\x00情") == "疫\x00情"
    assert normalize("😀會") == "😀会"
    assert to_simplified("") == ""


def test_one_converter_per_process():
    assert _simplifier() is _simplifier()


def test_a_query_word_is_a_phrase_of_the_same_tokens():
    assert query_tokens("二十条措施") == [(("二十", "十条", "条措", "措施"), False)]
    assert query_tokens("疫情") == [(("疫情",), False)]


def test_a_single_character_is_a_prefix():
    assert query_tokens("疫") == [(("疫",), True)]


def test_single_characters_are_only_a_fallback():
    # Next to longer words they add little and cost much; several keep only the first.
    assert query_tokens("王 疫情 防") == [(("疫情",), False)]
    assert query_tokens("的 是 人") == [(("的",), True)]


def test_mixed_word_stays_one_phrase():
    assert query_tokens("第129次") == [(("第", "129", "次"), False)]
    assert query_tokens("5G") == [(("5", "g"), False)]
    assert query_tokens("5G网络") == [(("5", "g", "网", "网络"), False)]
    assert query_tokens("疫情2022") == [(("疫情", "情", "2022"), False)]


def test_whitespace_and_punctuation_separate_words():
    assert query_tokens("离石区 忻州") == [(("离石", "石区"), False), (("忻州",), False)]
    assert query_tokens("疫情,防控") == [(("疫情",), False), (("防控",), False)]
    assert query_tokens("COVID-19") == [(("covid",), False), (("19",), False)]


def test_search_syntax_is_plain_text():
    assert query_tokens('"疫情" AND (防控) OR NOT NEAR^2 -a +b title:c *') == [
        (("疫情",), False),
        (("and",), False),
        (("防控",), False),
        (("or",), False),
        (("not",), False),
        (("near",), False),
        (("2",), False),
        (("a",), False),
        (("b",), False),
        (("title",), False),
    ]


@pytest.mark.parametrize("text", ["", "   ", "!!!", "😀🎉", "\x00\x01\x1f", "——", "、,。"])
def test_nothing_searchable_gives_no_terms(text):
    assert tokens_for_query(text) == []


def test_repeated_words_count_once_and_words_are_capped():
    assert len(tokens_for_query("疫情 疫情 疫情")) == 1
    many = " ".join(f"词{n}" for n in range(50))
    assert len(tokens_for_query(many)) == MAX_QUERY_TERMS


def test_quoted_phrase_keeps_its_words_together():
    phrase = phrase_for_query("疫情,防控")
    assert phrase.tokens == ("疫情", "情", "防", "防控")
    assert phrase_for_query("!!!") is None


def test_analysis_is_linear_on_long_unbroken_text():
    # CVE-2024-39317 was a quadratic regular expression on long runs without spaces.
    for text in ["中" * 200_000, "a" * 200_000, "1" * 200_000, "中a1" * 70_000, '"' * 200_000]:
        started = time.perf_counter()
        tokens_for_query(text)
        tokens_for_index(text)
        phrase_for_query(text)
        assert time.perf_counter() - started < RUNAWAY_SECONDS


def test_index_is_capped():
    assert len(tokens_for_index("中文" * 50_000).split()) == 16_000
    assert len(tokens_for_index("中文," * 50_000).split()) == 16_000


def test_search_app_never_imports_news():
    for path in SEARCH_APP.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] in {"news", "home"} for name in names), path


# Traditional characters that t2s changes, and a sample of text that mixes them with anything.
TRADITIONAL = [ch for ch in map(chr, range(0x4E00, 0xA000)) if to_simplified(ch) != ch]
mixed_text = st.one_of(
    st.text(),
    st.text(
        alphabet=st.one_of(
            st.sampled_from(TRADITIONAL),
            st.sampled_from(list("会议乾隆覆回燥后干苧薴ＣＯ１a9 ,。-\x00😀")),
            st.characters(),
        ),
        max_size=80,
    ),
)


def test_traditional_sample_is_large():
    # The strategy below draws from thousands of characters OpenCC converts.
    assert len(TRADITIONAL) > 2_000


@settings(max_examples=500, deadline=None)
@given(text=mixed_text)
def test_normalize_is_total_and_idempotent(text):
    folded = normalize(text)
    assert isinstance(folded, str)
    assert normalize(folded) == folded
    assert isinstance(to_simplified(text), str)


@settings(max_examples=300, deadline=None)
@given(text=mixed_text)
def test_analysis_stays_total_with_conversion(text):
    indexed = tokens_for_index(text)
    assert isinstance(indexed, str)
    # Indexing folded text gives the same tokens: one folding, not two that could drift apart.
    assert tokens_for_index(normalize(text)) == indexed
    terms = tokens_for_query(text)
    assert isinstance(terms, list) and len(terms) <= MAX_QUERY_TERMS
    assert [t.tokens for t in tokens_for_query(normalize(text))] == [t.tokens for t in terms]
    phrase = phrase_for_query(text)
    assert phrase is None or all(isinstance(token, str) and token for token in phrase.tokens)
