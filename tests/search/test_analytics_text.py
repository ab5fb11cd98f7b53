"""How the search reports show and export a reader's query: pure functions, any string."""

from urllib.parse import parse_qs, urlsplit

from hypothesis import given
from hypothesis import strategies as st

from search.reports import (
    DISPLAY_LENGTH,
    FORMULA_STARTS,
    display_query,
    search_url,
    spreadsheet_text,
    visible_text,
)

# Stored queries hold no lone surrogates: Django decodes requests with replacement and neither
# database stores one.
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400)
# Control characters, formula starts, markup and CJK, more often than uniform text has them.
awkward_text = st.text(
    alphabet=st.sampled_from(["\x00", "\x01", "\x1b", "\x7f", "\u202e", "\t", "\r", "\n"])
    | st.sampled_from(["=", "+", "-", "@", "<", ">", '"', "'", "&", "疫", "情", "😀", " "])
    | st.characters(exclude_categories=["Cs"]),
    max_size=300,
)
texts = any_text | awkward_text


@given(texts)
def test_visible_text_keeps_length_and_drops_every_unprintable_character(text):
    shown = visible_text(text)
    assert len(shown) == len(text)
    assert shown.isprintable()
    assert all(a == b or b == "\ufffd" for a, b in zip(text, shown, strict=True))


@given(texts)
def test_display_query_is_bounded_and_printable(text):
    shown = display_query(text)
    assert len(shown) <= DISPLAY_LENGTH
    assert shown.isprintable()
    if len(text) <= DISPLAY_LENGTH:
        assert shown == visible_text(text)
    else:
        assert shown.endswith("…")
        assert shown[:-1] == visible_text(text)[: len(shown) - 1]


@given(texts)
def test_spreadsheet_text_never_starts_a_formula_and_loses_nothing(text):
    cell = spreadsheet_text(text)
    assert cell.isprintable()
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (visible_text(text), "'" + visible_text(text))


@given(texts)
def test_search_url_carries_the_query_as_one_parameter(text):
    address = urlsplit(search_url(text))
    assert (address.scheme, address.netloc, address.path) == ("", "", "/search/")
    assert parse_qs(address.query, keep_blank_values=True) == {"q": [text]}
