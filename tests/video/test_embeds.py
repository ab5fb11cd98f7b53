"""Embedded video: the player address is built from the share address, for four hosts only.

No request leaves the server; anything else is refused with a Chinese message.
"""

import time
from unittest import mock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from tests.support import RUNAWAY_SECONDS
from tests.support.xss_payloads import BASE_PAYLOADS
from video.blocks import VideoEmbedBlock
from video.embeds import PLAYER_ORIGINS, parse_video_url

ALLOWED = {
    "https://www.bilibili.com/video/BV1xx411c7mD": (
        "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&autoplay=0&high_quality=1"
    ),
    "https://www.bilibili.com/video/BV1xx411c7mD/?spm_id_from=333.1007": (
        "https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&autoplay=0&high_quality=1"
    ),
    "http://m.bilibili.com/video/av170001": (
        "https://player.bilibili.com/player.html?aid=170001&autoplay=0&high_quality=1"
    ),
    "https://v.qq.com/x/page/d3233ofdukp.html": (
        "https://v.qq.com/txp/iframe/player.html?vid=d3233ofdukp"
    ),
    "https://v.qq.com/x/cover/mzc00200abcdefg/d3233ofdukp.html": (
        "https://v.qq.com/txp/iframe/player.html?vid=d3233ofdukp"
    ),
    "https://v.youku.com/v_show/id_XNTk0MjY0NjU2OA==.html": (
        "https://player.youku.com/embed/XNTk0MjY0NjU2OA=="
    ),
    "https://w.yangshipin.cn/video?type=0&vid=a000017kc2i": (
        "https://w.yangshipin.cn/video?type=0&vid=a000017kc2i"
    ),
}
HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)//https://www.bilibili.com/video/BV1xx411c7mD",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://www.bilibili.com/video/BV1xx411c7mD",
    "//www.bilibili.com/video/BV1xx411c7mD",
    "www.bilibili.com/video/BV1xx411c7mD",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://evil-bilibili.com/video/BV1xx411c7mD",
    "https://www.bilibili.com.evil.example/video/BV1xx411c7mD",
    "https://www.bilibili.com@evil.example/video/BV1xx411c7mD",
    "https://user:pass@www.bilibili.com/video/BV1xx411c7mD",
    "https://www.bilibili.com:8443/video/BV1xx411c7mD",
    "https://www.bilibili.com:99999/video/BV1xx411c7mD",
    "https://[::1]/video/BV1xx411c7mD",
    "http://127.0.0.1/video/BV1xx411c7mD",
    "http://169.254.169.254/latest/meta-data/",
    "https://b23.tv/abc123",
    "https://www.bilibili.com/",
    "https://www.bilibili.com/video/BV1xx411c7mD/../../evil",
    'https://www.bilibili.com/video/BV1xx4"><script>alert(1)</script>',
    "https://v.qq.com/x/page/<script>.html",
    "https://v.youku.com/v_show/id_X'onload='alert(1).html",
    "https://w.yangshipin.cn/video?vid=a1&vid=a2",
    "https://w.yangshipin.cn/video?vid=<svg/onload=alert(1)>",
    "https://www.bilibili.com/video/BV1xx411c7mD" + "a" * 600,
    "",
    "   ",
    "\x00",
    "https://www.bilibili.com/video/BV1xx411c7mD\nhttps://evil.example",
    "' OR 1=1; DROP TABLE video_video; --",
    "😀" * 50,
    *BASE_PAYLOADS[:20],
]


class ParseVideoUrlTest(SimpleTestCase):
    def test_share_addresses_of_allowed_hosts_give_their_player(self):
        for share, player in ALLOWED.items():
            with self.subTest(share=share):
                self.assertEqual(parse_video_url(share).player_url, player)

    def test_hostile_or_foreign_addresses_are_refused_in_chinese(self):
        for url in HOSTILE:
            with self.subTest(url=url), self.assertRaises(ValidationError) as caught:
                parse_video_url(url)
            message = caught.exception.messages[0]
            self.assertRegex(message, r"[\u4e00-\u9fff]", url)

    def test_refusal_says_which_hosts_work(self):
        with self.assertRaises(ValidationError) as caught:
            parse_video_url("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
        self.assertIn("哔哩哔哩", caught.exception.messages[0])
        self.assertIn("优酷", caught.exception.messages[0])

    def test_values_that_are_not_text_are_refused(self):
        for value in (None, 42, ["https://www.bilibili.com/video/BV1xx411c7mD"], {"a": 1}):
            with self.subTest(value=value), self.assertRaises(ValidationError):
                parse_video_url(value)

    def test_nothing_is_fetched(self):
        with (
            mock.patch("socket.create_connection", side_effect=AssertionError("fetched")),
            mock.patch("socket.getaddrinfo", side_effect=AssertionError("resolved")),
        ):
            for share in ALLOWED:
                parse_video_url(share)
            for url in HOSTILE:
                with self.assertRaises(ValidationError):
                    parse_video_url(url)

    def test_long_input_is_refused_without_runaway_work(self):
        started = time.monotonic()
        for url in ("https://www.bilibili.com/video/" + "B" * 100_000, "h" * 1_000_000):
            with self.assertRaises(ValidationError):
                parse_video_url(url)
        self.assertLess(time.monotonic() - started, RUNAWAY_SECONDS)


class PolicyTest(SimpleTestCase):
    def test_public_pages_frame_exactly_the_allowed_players(self):
        self.assertEqual(sorted(settings.SECURE_CSP["frame-src"]), sorted(PLAYER_ORIGINS))

    def test_every_player_address_is_on_an_allowed_origin(self):
        for share in ALLOWED:
            player = parse_video_url(share).player_url
            self.assertTrue(player.startswith(tuple(f"{o}/" for o in PLAYER_ORIGINS)), player)

    def test_admin_frames_nothing_from_another_host(self):
        self.assertEqual(settings.ADMIN_CSP["frame-src"], ["'self'"])


class VideoEmbedBlockTest(SimpleTestCase):
    def test_block_refuses_a_foreign_address_with_the_message(self):
        block = VideoEmbedBlock()
        with self.assertRaises(ValidationError) as caught:
            block.clean({"video": "javascript:alert(1)", "caption": ""})
        self.assertIn("https://", str(caught.exception.block_errors))

    def test_block_keeps_an_allowed_address_as_typed(self):
        block = VideoEmbedBlock()
        value = block.clean({"video": " https://v.qq.com/x/page/d3233ofdukp.html ", "caption": ""})
        self.assertEqual(
            block.get_prep_value(value)["video"], "https://v.qq.com/x/page/d3233ofdukp.html"
        )

    def test_a_stored_address_no_longer_allowed_renders_no_frame(self):
        html = VideoEmbedBlock().render(
            VideoEmbedBlock().to_python({"video": "https://www.youtube.com/x", "caption": "说明"})
        )
        self.assertNotIn("<iframe", html)
        self.assertIn("说明", html)
