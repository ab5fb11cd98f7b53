"""The client's address: REMOTE_ADDR, or the value our own proxies appended.

Each proxy appends the address it saw to X-Forwarded-For; anything further left was sent
by the client and can be anything. Taking the first value let one client be a new reader,
a new commenter and a new login guesser with every request.
"""

from django.test import Client, RequestFactory, SimpleTestCase, TestCase, override_settings

from comments.models import Comment
from tests.support.comments import post_comment
from tests.support.factories import build_site, make_article
from throttle.clients import address_hash, client_address, client_hash

FORWARDED = {"DAYUAN_CLIENT_IP_HEADER": "X-Forwarded-For"}


def meta(remote_addr="10.0.0.1", forwarded=None, header="x-forwarded-for"):
    headers = {header: forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers).META


class ClientAddressTest(SimpleTestCase):
    def test_without_a_header_setting_the_socket_address_is_the_client(self):
        self.assertEqual(client_address(meta("192.0.2.1", "203.0.113.9")), "192.0.2.1")

    @override_settings(**FORWARDED, DAYUAN_TRUSTED_PROXY_COUNT=1)
    def test_one_proxy_the_right_most_value(self):
        self.assertEqual(client_address(meta(forwarded="192.0.2.5")), "192.0.2.5")
        # A client-written value before ours is never believed.
        self.assertEqual(client_address(meta(forwarded="203.0.113.9, 192.0.2.5")), "192.0.2.5")
        self.assertEqual(
            client_address(meta(forwarded="1.1.1.1,2.2.2.2, 3.3.3.3 ,192.0.2.5")), "192.0.2.5"
        )

    @override_settings(**FORWARDED, DAYUAN_TRUSTED_PROXY_COUNT=2)
    def test_two_proxies_the_second_value_from_the_right(self):
        # The CDN appended the reader; our load balancer appended the CDN.
        forwarded = "203.0.113.9, 192.0.2.5, 198.51.100.1"
        self.assertEqual(client_address(meta(forwarded=forwarded)), "192.0.2.5")
        # Fewer values than proxies: the header did not come through them; trust the socket.
        self.assertEqual(client_address(meta("10.0.0.9", "192.0.2.5")), "10.0.0.9")

    @override_settings(**FORWARDED)
    def test_junk_falls_back_to_the_socket(self):
        for forwarded in ["junk", "", " , ", "192.0.2.5, unknown", "999.1.1.1", "\x00"]:
            with self.subTest(forwarded=forwarded):
                self.assertEqual(client_address(meta("10.0.0.1", forwarded)), "10.0.0.1")
        self.assertEqual(client_address({"REMOTE_ADDR": "nonsense"}), "unknown")
        self.assertEqual(client_address({}), "unknown")

    @override_settings(DAYUAN_CLIENT_IP_HEADER="X-Real-IP")
    def test_another_header_name(self):
        self.assertEqual(
            client_address(meta(forwarded="192.0.2.5", header="x-real-ip")), "192.0.2.5"
        )

    def test_ipv6_by_network_and_mapped_ipv4_as_ipv4(self):
        self.assertEqual(client_address(meta("2001:db8:1:2::5")), "2001:db8:1:2::/64")
        self.assertEqual(
            client_address(meta("2001:db8:1:2:ffff::1")), client_address(meta("2001:db8:1:2::9"))
        )
        self.assertEqual(client_address(meta("::ffff:192.0.2.1")), "192.0.2.1")

    def test_a_wsgi_environ_works_as_well_as_request_meta(self):
        environ = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "9.9.9.9, 192.0.2.5"}
        with self.settings(**FORWARDED):
            self.assertEqual(client_address(environ), "192.0.2.5")

    def test_the_hash_is_an_hmac_under_the_secret_key(self):
        digest = client_hash(meta("192.0.2.1"))
        self.assertRegex(digest, r"^[0-9a-f]{64}$")
        self.assertEqual(digest, address_hash("192.0.2.1"))
        with self.settings(SECRET_KEY="another-secret-key-for-this-test-only"):
            self.assertNotEqual(client_hash(meta("192.0.2.1")), digest)


@override_settings(**FORWARDED, DAYUAN_PAGE_CACHE_ENABLED=False)
class SpoofedCommenterTest(TestCase):
    """Through the comment form: a new first value per post is still the same commenter."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_a_forged_forwarded_for_does_not_escape_the_comment_limit(self):
        statuses = []
        for number in range(7):
            reader = Client(
                REMOTE_ADDR="10.0.0.1",
                headers={"x-forwarded-for": f"203.0.113.{number}, 192.0.2.5"},
            )
            statuses.append(post_comment(reader, self.article, f"第{number}条").status_code)
        self.assertEqual(statuses, [200] * 5 + [429] * 2)
        self.assertEqual(Comment.objects.count(), 5)
