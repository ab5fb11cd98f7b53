"""Any request to /search/suggest/ gets a 200 with a list (maybe empty) or a 4xx, never a 500.

Everything the search page is sent in tests/search/test_bad_input.py, every size of q, repeated
parameters, other methods, and 10,000 requests from one address (bounded by the rate limit
and, below it, by the cache).
"""

import json
import time

from django.conf import settings as django_settings
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from taggit.models import Tag
from wagtail.models import Page

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.search.test_bad_input import NASTY_QUERIES
from tests.support import RUNAWAY_SECONDS
from tests.support.factories import build_site, make_article

NO_RATE_LIMITS = override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)
SIZES = [0, 1, 2, 99, 100, 101, 10_000, 1_000_000]


def per_minute(scope):
    """The requests a minute DAYUAN_RATE_LIMITS allows one address in `scope`."""
    return {seconds: count for count, seconds in django_settings.DAYUAN_RATE_LIMITS[scope][1]}[60]


class SuggestAnswers:
    def get(self, client=None, **params):
        started = time.perf_counter()
        response = (client or self.client).get("/search/suggest/", params)
        self.assertLess(time.perf_counter() - started, RUNAWAY_SECONDS)
        return response

    def assert_suggestions(self, response):
        """A 200 with the JSON shape, or a 4xx: never a server error."""
        if 400 <= response.status_code < 500:
            return []
        self.assertEqual(response.status_code, 200)
        body = json.loads(response.content)
        self.assertEqual(set(body), {"q", "suggestions"})
        self.assertIsInstance(body["suggestions"], list)
        for suggestion in body["suggestions"]:
            self.assertIn(suggestion["kind"], {"title", "tag"})
            self.assertTrue(suggestion["url"].startswith("/"), suggestion)
        return body["suggestions"]


@NO_RATE_LIMITS
class BadSuggestInputTest(SuggestAnswers, TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        make_article(tree.xinzhou, "忻州疫情防控通报", tags=["忻州"])
        make_article(tree.taiyuan, "太原5G网络建设第129次调度会", tags=["5G"])
        cls.long_title = "忻州" + "长篇" * 44  # 90 characters, more than a key holds
        make_article(tree.xinzhou, cls.long_title)

    def test_every_nasty_query(self):
        for query in NASTY_QUERIES:
            with self.subTest(query=query[:30]):
                self.assert_suggestions(self.get(q=query))

    def test_syntax_and_markup_find_nothing_and_come_back_only_as_json(self):
        for query in [
            '"',
            "*",
            "AND",
            "OR NOT",
            "title:",
            "^",
            "-",
            "'; DROP TABLE x; --",
            "%",
            "_",
        ]:
            with self.subTest(query=query):
                self.assertEqual(self.assert_suggestions(self.get(q=query)), [])
        response = self.get(q="<script>alert(1)</script>")
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json()["q"], "<script>alert(1)</script>")
        self.assertEqual(response.json()["suggestions"], [])

    def test_every_size_of_q(self):
        for size in SIZES:
            for character in ["忻", "x", "\x00", "😀", " "]:
                with self.subTest(size=size, character=repr(character)):
                    response = self.get(q=character * size)
                    found = self.assert_suggestions(response)
                    if size > 100:
                        # Longer than the search page accepts: nothing, and not echoed back.
                        self.assertEqual(found, [])
                        self.assertEqual(response.json()["q"], "")

    def test_queries_longer_than_a_key_are_matched_on_its_length(self):
        for query in [self.long_title, self.long_title + "x", self.long_title[:70] + "不同的结尾"]:
            with self.subTest(length=len(query)):
                texts = [s["text"] for s in self.assert_suggestions(self.get(q=query))]
                self.assertEqual(texts, [self.long_title])
        self.assertEqual(self.assert_suggestions(self.get(q="忻州疫情防控通报" + "啊" * 90)), [])

    def test_control_characters_and_emoji_are_dropped(self):
        for query in ["忻\x00州", "\x01忻州\x1b", "😀忻州", "忻\u200b州", "xin\x00zhou"]:
            with self.subTest(query=repr(query)):
                texts = [s["text"] for s in self.assert_suggestions(self.get(q=query))]
                self.assertIn("忻州疫情防控通报", texts)

    def test_no_q_or_an_empty_one(self):
        self.assertEqual(self.assert_suggestions(self.client.get("/search/suggest/")), [])
        self.assertEqual(self.assert_suggestions(self.get(q="")), [])

    def test_repeated_and_unknown_parameters(self):
        response = self.client.get(
            "/search/suggest/?" + "&".join(["q=xz", "q=ty", "page=2", "x=1"] * 500)
        )
        found = self.assert_suggestions(response)
        self.assertEqual(response.json()["q"], "ty")  # the last, as Django's QueryDict gives
        self.assertTrue(all(s["text"].startswith("太原") for s in found))
        for raw in ["q", "q=%ZZ", "q=%E5%BF", "q=%00", "=&&=", "q[]=xz", "q=xz&q=" + "9" * 5_000]:
            with self.subTest(raw=raw[:30]):
                self.assert_suggestions(self.client.get("/search/suggest/?" + raw))

    def test_only_get_is_allowed(self):
        for method in ["post", "put", "patch", "delete", "options", "head", "trace"]:
            with self.subTest(method=method):
                response = getattr(self.client, method)("/search/suggest/?q=xz")
                self.assertEqual(response.status_code, 405)

    def test_other_paths_under_it_are_not_found(self):
        for path in ["/search/suggest", "/search/suggest/x/", "/search/suggest/%00/"]:
            with self.subTest(path=path):
                self.assertIn(self.client.get(path).status_code, {301, 404})


class SuggestRateLimitTest(SuggestAnswers, TestCase):
    """The endpoint has a limit of its own, far above what one reader types, far below a flood."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        make_article(tree.xinzhou, "忻州疫情防控通报")

    def test_its_own_rule_comes_before_the_search_page_rule(self):
        rules = list(django_settings.DAYUAN_RATE_LIMITS)
        self.assertLess(rules.index("suggest"), rules.index("search"))
        self.assertGreater(per_minute("suggest"), per_minute("search"))

    def test_ten_thousand_requests_from_one_address_are_bounded(self):
        limit = per_minute("suggest")
        reader = Client(REMOTE_ADDR="203.0.113.50")
        statuses = {200: 0, 429: 0}
        started = time.time()
        with CaptureQueriesContext(connection) as queries:
            for index in range(10_000):
                # The same few words over and over, as a script would send them.
                q = ["xz", "忻州", "xinzhou"][index % 3]
                statuses[reader.get("/search/suggest/", {"q": q}).status_code] += 1
        finished = time.time()
        # Limits count in fixed minutes: the loop may have reached into the next one.
        minutes = int(finished // 60) - int(started // 60) + 1
        self.assertEqual(sum(statuses.values()), 10_000)
        self.assertTrue(limit <= statuses[200] <= limit * minutes, (statuses, minutes))
        # Three words, each looked up once (three queries) while its answer stays cached; the
        # first request also finds the site (two).
        lookups = int((finished - started) // 60) + 1
        self.assertLessEqual(len(queries), 3 * 3 * lookups + 2)
        refused = reader.get("/search/suggest/", {"q": "xz"})
        self.assertEqual(refused.status_code, 429)
        self.assertGreaterEqual(int(refused["Retry-After"]), 1)
        # Another reader is not affected, and the search page has its own count.
        self.assertEqual(
            Client(REMOTE_ADDR="203.0.113.51").get("/search/suggest/?q=xz").status_code, 200
        )
        self.assertEqual(reader.get("/search/", {"q": "忻州"}).status_code, 200)

    def test_typing_fast_for_a_minute_stays_under_the_limit(self):
        # 150 ms between requests at the very least (the script's debounce): 400 a minute.
        # A reader pauses, and answers repeat from the browser's own memory; the limit allows
        # 240 a minute, 4 a second, which no one typing reaches for long.
        limit = per_minute("suggest")
        reader = Client(REMOTE_ADDR="203.0.113.52")
        typed = "xinzhoushizhaokaihuiyi"
        statuses = [
            reader.get("/search/suggest/", {"q": typed[:end]}).status_code
            for _ in range(limit // len(typed))
            for end in range(1, len(typed) + 1)
        ]
        self.assertEqual(set(statuses), {200})


query_text = st.one_of(
    st.text(max_size=200),
    st.text(
        alphabet=st.sampled_from(list("忻州太原xinzhouXZ 'ü\"*()^:+-\\%_，。😀\x00\t")), max_size=60
    ),
    st.sampled_from(NASTY_QUERIES),
)


@NO_RATE_LIMITS
class SuggestPropertyTest(SuggestAnswers, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        make_article(tree.xinzhou, "忻州疫情防控通报", tags=["忻州"])

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(q=query_text, other=st.text(max_size=40))
    def test_any_query_answers_a_list(self, q, other):
        found = self.assert_suggestions(self.get(q=q, page=other))
        offered = {
            *Page.objects.live().values_list("title", flat=True),
            *Tag.objects.values_list("name", flat=True),
        }
        for suggestion in found:
            self.assertIn(suggestion["text"], offered)
