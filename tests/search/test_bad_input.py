"""Any query string gives a normal search page: never an error, never a slow one."""

import time

from django.test import TestCase, override_settings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.support import RUNAWAY_SECONDS
from tests.support.factories import build_site, make_article

NASTY_QUERIES = [
    '"',
    '"疫情',
    '疫情"防控""',
    "*",
    "疫*",
    "(",
    ")",
    "(疫情",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "疫情 AND 防控",
    "疫情 OR",
    "NOT 疫情",
    "NEAR(疫情 防控)",
    "^",
    "疫情^2",
    ":",
    "title:疫情",
    "{title}:疫情",
    "-",
    "-疫情",
    "+疫情",
    "疫情-",
    "'",
    "\\",
    "疫情'; DROP TABLE wagtailcore_page; --",
    "%",
    "_",
    "疫情%_",
    "   ",
    "!!!",
    "。,、;:?!……——",
    "😀",
    "疫情😀防控",
    "\x00",
    "疫\x00情",
    "\x01\x02\x1b[31m",
    "\u200b\u200d\ufeff",
    "\ud7ff\ue000\U0010ffff",
    "<script>alert(1)</script>",
    "疫" * 10_000,
    "疫情 " * 2_000,
    "a" * 10_000,
    '"' * 10_000,
    "(" * 10_000,
    "-" * 10_000,
    "ＣＯＶＩＤ－１９",
    "ﾃｽﾄ",
]


# One test address sends every query; the per-address search limit is tested in tests/throttle.
NO_RATE_LIMITS = override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)


@NO_RATE_LIMITS
class BadQueryTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        make_article(tree.xinzhou, "忻州疫情防控通报")

    def test_every_nasty_query_gives_a_normal_page_quickly(self):
        for query in NASTY_QUERIES:
            with self.subTest(query=query[:30]):
                started = time.perf_counter()
                response = self.client.get("/search/", {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "<h1>搜索</h1>")
                self.assertLess(time.perf_counter() - started, RUNAWAY_SECONDS)

    def test_operators_are_words_not_syntax(self):
        self.assertContains(self.client.get("/search/", {"q": "疫情 AND"}), "没有找到")
        self.assertContains(self.client.get("/search/", {"q": "(疫情)"}), "找到 <strong>1</strong>")
        self.assertContains(self.client.get("/search/", {"q": '"疫情'}), "找到 <strong>1</strong>")

    def test_long_query_is_capped(self):
        response = self.client.get("/search/", {"q": "疫情" + "长" * 10_000})
        self.assertContains(response, 'value="疫情' + "长" * 98 + '"')

    def test_bad_page_and_filter_values(self):
        bad_values = {
            "page": ["0", "-1", "abc", "9" * 5_000, "1e9", "99999999999999999999", "", "１"],
            "section": ["abc", "-1", "9" * 30, "1.5", "", "0x10", "1 OR 1=1"],
            "start": ["2022-13-45", "0000-01-01", "9999-12-31", "0001-01-01", "x" * 10_000],
            "end": ["yesterday", "2022-02-30", "-2022-01-01", "2022/01/01"],
            "sort": ["oldest", "", "relevance" * 1_000, "newest\x00"],
        }
        for name, values in bad_values.items():
            for value in values:
                with self.subTest(name=name, value=value[:30]):
                    response = self.client.get("/search/", {"q": "疫情", name: value})
                    self.assertEqual(response.status_code, 200)

    def test_repeated_parameters(self):
        response = self.client.get(
            "/search/?" + "&".join(["q=疫情", "page=2", "page=1", "section=x"] * 500)
        )
        self.assertEqual(response.status_code, 200)

    def test_only_get_is_allowed(self):
        self.assertEqual(self.client.post("/search/", {"q": "疫情"}).status_code, 405)


query_text = st.one_of(
    st.text(max_size=200),
    st.text(
        alphabet=st.sampled_from(list("疫情防控忻州第129次COVID-5G \"*()^:+-'\\%_，。😀\x00\t")),
        max_size=60,
    ),
    st.sampled_from(NASTY_QUERIES),
)
parameter = st.one_of(st.text(max_size=40), st.integers().map(str), st.just(""))


@NO_RATE_LIMITS
class SearchPropertyTest(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        make_article(tree.xinzhou, "忻州疫情防控通报")
        make_article(tree.taiyuan, "太原5G网络建设第129次调度会")

    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(q=query_text, page=parameter, section=parameter, start=parameter, sort=parameter)
    def test_any_request_renders_the_search_page(self, q, page, section, start, sort):
        params = {"q": q, "page": page, "section": section, "start": start, "sort": sort}
        started = time.perf_counter()
        response = self.client.get("/search/", params)
        self.assertEqual(response.status_code, 200)
        self.assertLess(time.perf_counter() - started, RUNAWAY_SECONDS)
        html = response.content.decode()
        self.assertIn("<h1>搜索</h1>", html)
        # The reader's text only ever comes back escaped.
        self.assertNotIn("<script>alert", html)
        self.assertEqual(response["X-Robots-Tag"], "noindex")

    @settings(max_examples=100, deadline=None)
    @given(q=query_text)
    def test_results_contain_every_query_word(self, q):
        from wagtail.models import Page

        from search.analysis import tokens_for_query

        terms = tokens_for_query(q)
        if not terms:
            return
        for page in Page.objects.live().specific().search(q):
            text = " ".join(
                [page.title, *(str(block.value.source) for block in getattr(page, "body", []))]
            )
            self.assertTrue(all(_contains(text, term) for term in terms), (q, page.title))


def _contains(text, term):
    """The brute-force meaning of a term: its characters occur in the text (folded)."""
    from search.analysis import normalize

    folded = "".join(ch for ch in normalize(text) if ch.isalnum())
    return all(token in folded for token in term.tokens)
