"""/live/<number>/entries.json: the poll behind a live page, its input rules and its cache."""

import datetime

from django.test import TestCase
from django.utils import timezone

from liveblogs.models import LiveBlogEntry, LiveBlogPage, timestamp_ms
from tests.support.factories import build_site, make_article
from tests.support.liveblogs import add_entry, entries_url, make_live_blog

HIT = "X-Page-Cache"

HOSTILE_SINCE = [
    "since=abc",
    "since=-1",
    "since=1.5",
    "since=1e9",
    "since=99999999999999999999",
    "since=" + "9" * 5000,
    "since=",
    "since=1&since=2",
    "since[]=1",
    "since=%5B1%2C2%5D",
    "since=%00",
    "since=1%00",
    "since=2026-10-18",
    "since=2026-10-18T07:30:00%2B08:00",
    "since=Sun,%2018%20Oct%202026",
    "since=1%27%20OR%201=1--",
    "since=1;DROP%20TABLE%20liveblogs_liveblogentry",
    "since=%3Cscript%3Ealert(1)%3C/script%3E",
    "since=%EF%BC%91%EF%BC%92",  # full-width digits
    "since=%20123",
    "cb=1",
    "since=1&cb=2",
]


class EntriesEndpointTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.blog = make_live_blog(cls.tree.xinzhou, entries=3)
        # A change per second, as editors make them; the factory writes all in one.
        for offset, entry in enumerate(cls.blog.entries.order_by("posted_at")):
            moment = timezone.now() - datetime.timedelta(seconds=10 - offset)
            LiveBlogEntry.objects.filter(pk=entry.pk).update(updated_at=moment)

    def test_all_entries_newest_first_without_since(self):
        data = self.client.get(entries_url(self.blog)).json()
        self.assertFalse(data["closed"])
        self.assertEqual(len(data["ids"]), 3)
        self.assertEqual([entry["id"] for entry in data["entries"]], data["ids"])
        self.assertIn("第3条进展", data["entries"][0]["html"])
        self.assertEqual(data["poll_seconds"], 15)

    def test_since_returns_only_changes_from_then(self):
        data = self.client.get(entries_url(self.blog)).json()
        again = self.client.get(entries_url(self.blog, f"since={data['since']}")).json()
        # The newest change itself comes again (same millisecond); nothing older does.
        self.assertEqual([entry["id"] for entry in again["entries"]], [data["ids"][0]])
        later = self.client.get(entries_url(self.blog, f"since={data['since'] + 1}")).json()
        self.assertEqual(later["entries"], [])
        self.assertEqual(later["ids"], data["ids"])

    def test_a_new_entry_is_in_the_next_poll_although_the_answer_was_cached(self):
        since = self.client.get(entries_url(self.blog)).json()["since"]
        address = entries_url(self.blog, f"since={since}")
        self.client.get(address)
        self.assertEqual(self.client.get(address).headers.get(HIT), "HIT")
        with self.captureOnCommitCallbacks(execute=True):
            entry = add_entry(self.blog, "<p>领先集团通过半程。</p>")
        response = self.client.get(address)
        self.assertIsNone(response.headers.get(HIT))
        self.assertEqual(response.json()["ids"][0], entry.pk)
        self.assertIn("领先集团通过半程", response.json()["entries"][0]["html"])

    def test_an_edited_entry_is_sent_again_and_a_deleted_one_leaves_ids(self):
        data = self.client.get(entries_url(self.blog)).json()
        address = entries_url(self.blog, f"since={data['since'] + 1}")
        self.client.get(address)
        oldest = self.blog.entries.order_by("posted_at").first()
        with self.captureOnCommitCallbacks(execute=True):
            oldest.text = "<p>更正:选手通过5公里处。</p>"
            oldest.save()
        edited = self.client.get(address).json()
        self.assertEqual([entry["id"] for entry in edited["entries"]], [oldest.pk])
        with self.captureOnCommitCallbacks(execute=True):
            oldest.delete()
        self.assertEqual(len(self.client.get(address).json()["ids"]), 2)

    def test_cache_headers_keep_the_front_cache_out(self):
        response = self.client.get(entries_url(self.blog))
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertIn("no-cache", response["Cache-Control"])
        self.assertNotIn("s-maxage", response["Cache-Control"])

    def test_unknown_numbers_are_404(self):
        article = make_article(self.tree.xinzhou, "普通文章")
        for number in (999999, article.article_number, "0", "99999999999999999999"):
            with self.subTest(number=number):
                self.assertEqual(self.client.get(f"/live/{number}/entries.json").status_code, 404)

    def test_unpublished_live_blog_is_404_at_once(self):
        self.client.get(entries_url(self.blog))
        with self.captureOnCommitCallbacks(execute=True):
            LiveBlogPage.objects.get(pk=self.blog.pk).unpublish()
        self.assertEqual(self.client.get(entries_url(self.blog)).status_code, 404)

    def test_posting_is_refused(self):
        self.assertEqual(self.client.post(entries_url(self.blog)).status_code, 405)

    def test_closed_live_blog_says_so(self):
        closed = make_live_blog(self.tree.taiyuan, entries=2, closed=True)
        data = self.client.get(entries_url(closed)).json()
        self.assertTrue(data["closed"])
        self.assertLessEqual(data["closed_at"], timestamp_ms(timezone.now()))

    def test_hostile_query_is_400_with_a_chinese_message(self):
        self.client.get(entries_url(self.blog, "since=0"))  # a kept answer must not stand in
        for query in HOSTILE_SINCE:
            with self.subTest(query=query):
                response = self.client.get(entries_url(self.blog, query))
                self.assertEqual(response.status_code, 400)
                self.assertIn("since", response.json()["error"])
                self.assertIsNone(response.headers.get(HIT))
