"""Suggestions while typing, /search/suggest/?q=… (search/suggestions.py, search/pinyin.py).

Everything goes through the real stack: pages published, moved, unpublished and deleted the way
Wagtail does it, the suggestion rows its signals keep, the view and the cache.
"""

import datetime
import io
from unittest import mock
from urllib.parse import quote

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from taggit.models import Tag
from wagtail.models import PageViewRestriction

from news.models import ArticlePage
from search import suggestions
from search.models import Suggestion, SuggestionKey
from search.suggestions import MAX_SUGGESTIONS, MAX_TAG_SUGGESTIONS
from tests.support.factories import build_site, make_article

WHEN = timezone.make_aware(datetime.datetime(2026, 11, 17, 18, 2, 44))
NO_RATE_LIMITS = override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)


def tag(name):
    return {"kind": "tag", "text": name, "url": f"/tags/{quote(name)}/"}


def title(page):
    return {"kind": "title", "text": page.title, "url": page.url}


class SuggestMixin:
    def suggest(self, q, **extra):
        response = self.client.get("/search/suggest/", {"q": q, **extra})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/json")
        return response.json()["suggestions"]

    def changes(self):
        """A change and its commit: cached answers are dropped only once it commits."""
        return self.captureOnCommitCallbacks(execute=True)


@NO_RATE_LIMITS
class SuggestTest(SuggestMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.old = make_article(
            cls.tree.xinzhou, "忻州古城墙修缮完工", tags=["忻州", "文物"], publish_time=WHEN
        )
        cls.new = make_article(
            cls.tree.xinzhou,
            "忻州秋季招聘会开幕",
            tags=["就业"],
            publish_time=WHEN + datetime.timedelta(days=1),
        )
        cls.taiyuan = make_article(
            cls.tree.taiyuan, "太原地铁二号线通车", tags=["太原", "交通"], publish_time=WHEN
        )
        # 忻州 inside the title, not at its start.
        cls.inside = make_article(
            cls.tree.taiyuan,
            "太原日报转载忻州新闻",
            publish_time=WHEN - datetime.timedelta(days=1),
        )

    def test_xinzhou_by_pinyin_initials_and_characters(self):
        expected = [tag("忻州"), title(self.new), title(self.old), title(self.tree.xinzhou)]
        for q in ["xinzhou", "xz", "忻州", "忻", "XinZhou", "xin'zhou", "Xin Zhou", "ＸＺ"]:
            with self.subTest(q=q):
                self.assertEqual(self.suggest(q), expected)

    def test_taiyuan_by_pinyin_and_initials(self):
        expected = [tag("太原"), title(self.taiyuan), title(self.inside), title(self.tree.taiyuan)]
        for q in ["taiyuan", "ty", "太原", "tai", "TaiYuan"]:
            with self.subTest(q=q):
                self.assertEqual(self.suggest(q), expected)

    def test_longer_prefixes_narrow_it_down(self):
        self.assertEqual(self.suggest("xinzhougucheng"), [title(self.old)])
        self.assertEqual(self.suggest("xzqj"), [title(self.new)])
        self.assertEqual(self.suggest("忻州秋季"), [title(self.new)])
        self.assertEqual(self.suggest("jiuye"), [tag("就业")])

    def test_only_the_start_is_matched(self):
        self.assertEqual(self.suggest("gucheng"), [])
        self.assertEqual(self.suggest("城墙"), [])
        self.assertEqual(self.suggest("qq"), [])

    def test_polyphonic_city_by_its_real_reading(self):
        changzhi = self.tree.gsyl.add_child(
            instance=type(self.tree.xinzhou)(title="长治", slug="changzhi", is_city=True)
        )
        article = make_article(changzhi, "长治潞州区老街改造")
        for q in ["changzhi", "zhangzhi", "cz", "长治"]:
            with self.subTest(q=q):
                self.assertEqual(self.suggest(q), [title(article), title(changzhi)])

    def test_answer_shape_and_headers(self):
        response = self.client.get("/search/suggest/", {"q": "xz"})
        self.assertEqual(set(response.json()), {"q", "suggestions"})
        self.assertEqual(response.json()["q"], "xz")
        for suggestion in response.json()["suggestions"]:
            self.assertEqual(set(suggestion), {"kind", "text", "url"})
        # Browsers may keep it a minute; the front cache (keyed without q) must not store it.
        self.assertEqual(response["Cache-Control"], "private, max-age=60")
        self.assertEqual(response["X-Robots-Tag"], "noindex")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_at_most_eight_and_three_tags_tags_first(self):
        articles = [
            make_article(self.tree.xinzhou, f"忻州新闻{index}", minutes_ago=index)
            for index in range(12)
        ]
        articles[0].tags.set(["忻州文旅", "忻州交通", "忻州就业", "忻州教育"])
        articles[0].save_revision().publish()
        found = self.suggest("xinzhou")
        self.assertEqual(len(found), MAX_SUGGESTIONS)
        self.assertEqual([s["kind"] for s in found[:MAX_TAG_SUGGESTIONS]], ["tag"] * 3)
        self.assertEqual(found[0], tag("忻州"))  # the shortest tag: exactly what was typed
        # Then the newest titles first, the two older articles and the section crowded out.
        self.assertEqual(found[3:], [title(article) for article in articles[:5]])

    def test_tags_of_no_live_article_are_not_suggested(self):
        Tag.objects.create(name="忻州旅游")  # on no article
        draft = make_article(self.tree.xinzhou, "草稿", tags=["忻州美食"], publish=False)
        self.assertFalse(draft.live)
        self.assertEqual(Suggestion.objects.filter(text="忻州美食").count(), 1)
        self.assertNotIn("忻州旅游", [s["text"] for s in self.suggest("xinzhoulv")])
        self.assertEqual(self.suggest("xinzhoumei"), [])
        with self.changes():
            draft.save_revision().publish()
        self.assertEqual(self.suggest("xinzhoumei"), [tag("忻州美食")])

    def test_a_draft_is_never_suggested(self):
        draft = ArticlePage(title="忻州草稿新闻", slug="draft", article_number=99_001, live=False)
        self.tree.xinzhou.add_child(instance=draft)
        draft.save_revision()
        self.assertEqual(self.suggest("忻州草稿"), [])

    def test_unpublished_article_leaves_at_once_even_when_cached(self):
        self.assertIn(title(self.new), self.suggest("xz"))  # now cached
        with self.changes():
            self.new.unpublish()
        self.assertNotIn(title(self.new), self.suggest("xz"))
        with self.changes():
            self.new.save_revision().publish()
        self.assertIn(title(self.new), self.suggest("xz"))

    def test_new_title_on_publish_not_on_draft(self):
        self.new.title = "忻州秋季招聘会闭幕"
        self.new.save_revision()
        self.assertEqual(
            self.suggest("忻州秋季"), [{**title(self.new), "text": "忻州秋季招聘会开幕"}]
        )
        with self.changes():
            self.new.save_revision().publish()
        self.assertEqual(self.suggest("忻州秋季"), [title(self.new)])

    def test_deleted_article_is_gone(self):
        self.suggest("xz")
        with self.changes():
            self.old.delete()
        self.assertEqual(SuggestionKey.objects.filter(suggestion__page_id=self.old.pk).count(), 0)
        self.assertNotIn("忻州古城墙修缮完工", [s["text"] for s in self.suggest("xz")])

    def test_moved_article_has_its_new_address(self):
        self.suggest("xinzhougucheng")
        with self.changes():
            self.old.move(self.tree.taiyuan, pos="last-child")
        moved = ArticlePage.objects.get(pk=self.old.pk)
        self.assertTrue(moved.url.startswith("/gsyl/taiyuan/"))
        self.assertEqual(self.suggest("xinzhougucheng"), [title(moved)])

    def test_renamed_section_gives_its_articles_new_addresses(self):
        section = self.tree.xinzhou
        section.slug = "xz"
        with self.changes():
            section.save_revision().publish()
        self.assertEqual(
            [s["url"] for s in self.suggest("xinzhouqiuji")],
            [f"/gsyl/xz/{self.new.article_number}.html"],
        )

    def test_a_view_restriction_hides_a_section_and_lifting_it_shows_it_again(self):
        with self.changes():
            restriction = PageViewRestriction.objects.create(
                page=self.tree.xinzhou, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )
        self.assertEqual(self.suggest("xz"), [tag("忻州")])
        with self.changes():
            restriction.delete()
        self.assertEqual(len(self.suggest("xz")), 4)

    def test_renamed_tag(self):
        renamed = Tag.objects.get(name="文物")
        renamed.name = "古迹"
        with self.changes():
            renamed.save()
        self.assertEqual(self.suggest("wenwu"), [])
        self.assertEqual(self.suggest("guji"), [tag("古迹")])

    def test_rebuild_command_writes_the_same_rows(self):
        before = {q: self.suggest(q) for q in ["xz", "ty", "jiuye", "忻州秋"]}
        keys = SuggestionKey.objects.count()
        Suggestion.objects.all().delete()
        cache.clear()
        self.assertEqual(self.suggest("xz"), [])
        output = io.StringIO()
        with self.changes():
            call_command("rebuild_suggestions", stdout=output)
        # build_site()'s five pages and the four articles; the five tags.
        self.assertIn("标题 9 条,标签 5 个", output.getvalue())
        self.assertEqual(SuggestionKey.objects.count(), keys)
        self.assertEqual({q: self.suggest(q) for q in before}, before)


@NO_RATE_LIMITS
class SuggestQueryCountTest(SuggestMixin, TestCase):
    """A fixed number of queries, however many pages match; none when the answer is cached.

    Cold (this answer not cached): three, the tags, how many title keys match (up to
    DENSE_MATCHES) and the titles. After the whole cache was emptied (a restart with local
    memory) two more: the middleware finds the site and its home page once, for every page.
    """

    COLD = 3
    EMPTY_CACHE = 5
    QUERIES = ["xinzhou", "xz", "忻州新闻"]

    def populate(self, size):
        tree = build_site()
        for index in range(size):
            make_article(tree.xinzhou, f"忻州新闻{index}", tags=[f"忻州{index}"], minutes_ago=index)

    def count(self, q):
        with CaptureQueriesContext(connection) as queries:
            found = self.suggest(q)
        return len(queries), found

    def check_counts(self, size):
        self.populate(size)
        self.suggest("warm-up")
        for q in self.QUERIES:
            with self.subTest(q=q):
                cache.delete(suggestions.VERSION_CACHE_KEY)  # every cached answer is stale
                with self.assertNumQueries(self.COLD):
                    found = self.suggest(q)
                # Three tags and the newest titles; 忻州新闻 starts no tag.
                self.assertEqual(len(found), MAX_SUGGESTIONS if q != "忻州新闻" else min(size, 8))
                with self.assertNumQueries(0):
                    self.assertEqual(self.suggest(q), found)
                cache.clear()
                with self.assertNumQueries(self.EMPTY_CACHE):
                    self.assertEqual(self.suggest(q), found)

    def test_counts_with_5_pages(self):
        self.check_counts(5)

    def test_counts_with_50_pages(self):
        self.check_counts(50)

    def test_a_prefix_of_thousands_walks_the_newest_first_index_to_the_same_answer(self):
        self.populate(12)
        sorted_answer = self.suggest("xinzhou")
        # With a threshold of 3 matching keys the walk is taken here too (2,000 in production).
        with mock.patch.object(suggestions, "DENSE_MATCHES", 3):
            cache.delete(suggestions.VERSION_CACHE_KEY)
            count, walked_answer = self.count("xinzhou")
        self.assertEqual(count, self.COLD)
        self.assertEqual(walked_answer, sorted_answer)
        self.assertEqual(
            [s["text"] for s in walked_answer if s["kind"] == "title"],
            [f"忻州新闻{index}" for index in range(5)],
        )
