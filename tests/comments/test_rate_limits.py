"""Rate limits per client address, and the address kept only as an HMAC."""

from django.test import Client, TestCase, override_settings

from comments.clients import client_address
from comments.models import Comment
from tests.support.comments import post_comment
from tests.support.factories import build_site, make_article


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class RateLimitTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_five_a_minute_per_address(self):
        reader = Client(REMOTE_ADDR="203.0.113.7")
        for index in range(5):
            self.assertEqual(post_comment(reader, self.article, f"第{index}条").status_code, 200)
        refused = post_comment(reader, self.article, "第六条", nickname="急性子")
        self.assertEqual(refused.status_code, 429)
        self.assertContains(refused, "评论太频繁了", status_code=429)
        self.assertEqual(Comment.objects.count(), 5)
        # Another address is not affected.
        other = Client(REMOTE_ADDR="203.0.113.8")
        self.assertEqual(post_comment(other, self.article).status_code, 200)

    @override_settings(DAYUAN_COMMENT_RATE_LIMITS=[(60, 100), (86400, 3)])
    def test_a_daily_limit(self):
        reader = Client(REMOTE_ADDR="203.0.113.9")
        statuses = [post_comment(reader, self.article, f"{n}").status_code for n in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        self.assertEqual(Comment.objects.count(), 3)

    def test_refused_comments_do_not_count(self):
        reader = Client(REMOTE_ADDR="203.0.113.10")
        for _ in range(6):
            post_comment(reader, self.article, "")  # empty: a form error
        self.assertEqual(post_comment(reader, self.article).status_code, 200)

    def test_an_ipv6_subscriber_is_limited_by_network(self):
        for index in range(5):
            reader = Client(REMOTE_ADDR=f"2001:db8:1:2::{index + 1}")
            self.assertEqual(post_comment(reader, self.article).status_code, 200)
        neighbour = Client(REMOTE_ADDR="2001:db8:1:2:ffff::1")
        self.assertEqual(post_comment(neighbour, self.article).status_code, 429)

    def test_the_address_is_stored_only_as_an_hmac(self):
        post_comment(Client(REMOTE_ADDR="198.51.100.23"), self.article)
        post_comment(Client(REMOTE_ADDR="198.51.100.23"), self.article)
        post_comment(Client(REMOTE_ADDR="198.51.100.24"), self.article)
        hashes = list(Comment.objects.order_by("pk").values_list("client_hash", flat=True))
        self.assertEqual(hashes[0], hashes[1])
        self.assertNotEqual(hashes[0], hashes[2])
        self.assertRegex(hashes[0], r"^[0-9a-f]{64}$")
        for comment in Comment.objects.values():
            self.assertNotIn("198.51.100", str(comment))
        # Keyed with SECRET_KEY: another key gives other hashes.
        with override_settings(SECRET_KEY="another-secret-key-for-this-test-only"):
            post_comment(Client(REMOTE_ADDR="198.51.100.23"), self.article)
        self.assertNotEqual(Comment.objects.order_by("pk").last().client_hash, hashes[0])

    @override_settings(DAYUAN_CLIENT_IP_HEADER="X-Real-IP")
    def test_behind_a_proxy_the_configured_header_names_the_reader(self):
        from django.test import RequestFactory

        request = RequestFactory().get(
            "/", REMOTE_ADDR="10.0.0.1", headers={"x-real-ip": "192.0.2.5"}
        )
        self.assertEqual(client_address(request.META), "192.0.2.5")
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", headers={"x-real-ip": "junk"})
        self.assertEqual(client_address(request.META), "10.0.0.1")
