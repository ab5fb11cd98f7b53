"""The spoken captcha (语音验证码): the same stored challenge as the image, read in Mandarin.

These need Debian's espeak-ng (`.ci/run` installs it): without it the tests that play
the audio fail, they do not skip. The tests with a missing binary set the path to one
that does not exist.
"""

import io
import random
import re
import wave
from datetime import timedelta
from unittest import mock

from django.test import Client, TestCase, override_settings
from django.utils import timezone

from captcha.models import CaptchaStore

from comments import audio
from comments.models import Comment
from tests.support.comments import (
    FETCH,
    captcha_answer,
    captcha_key,
    comment_data,
    form_url,
    new_captcha_key,
    page_url,
    post_url,
)
from tests.support.factories import build_site, make_article

AUDIO_SRC = re.compile(
    r'<audio class="captcha__player"[^>]* src="(/captcha/audio/([0-9a-f]{40})\.wav)"'
)
MISSING = "/nonexistent/espeak-ng"


def audio_url(key):
    return f"/captcha/audio/{key}.wav"


def parse_wav(content):
    with wave.open(io.BytesIO(content)) as wav:
        frames = wav.readframes(wav.getnframes())
        return wav.getparams(), wav.getnframes() / wav.getframerate(), frames


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class AudioCaptchaTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def setUp(self):
        self.assertTrue(audio.available(), "espeak-ng is not installed: apt-get install espeak-ng")

    def plain_page_challenge(self, client=None):
        """The no-JavaScript comment page: its image key and its <audio> element's address."""
        response = (client or self.client).get(page_url(self.article))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        match = AUDIO_SRC.search(html)
        self.assertIsNotNone(match, "no <audio> element on the comment page")
        self.assertIn("controls", match[0])
        self.assertIn('preload="none"', match[0])  # nothing is spoken before it is played
        return captcha_key(html), match[1], match[2]

    def test_the_plain_page_offers_the_audio_of_the_image_challenge(self):
        key, url, audio_key = self.plain_page_challenge()
        self.assertEqual(audio_key, key)  # one row, two renderings
        self.assertEqual(CaptchaStore.objects.count(), 1)
        challenge = CaptchaStore.objects.get(hashkey=key).challenge
        self.assertRegex(challenge, r"^[0-9]{6}$")

        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "audio/wav")
        self.assertIn("no-store", response["Cache-Control"])
        content = b"".join(response.streaming_content) if response.streaming else response.content
        params, seconds, frames = parse_wav(content)
        self.assertEqual((params.nchannels, params.sampwidth), (1, 2))
        self.assertGreater(params.nframes, 0)
        # Six digits with pauses between them: seconds, not a click or a minute of noise.
        self.assertTrue(2 < seconds < 12, seconds)
        self.assertEqual(len(content), 44 + len(frames))
        # Fetching the audio consumes nothing: the row is still there for the post.
        self.assertTrue(CaptchaStore.objects.filter(hashkey=key).exists())

    def test_a_key_always_sounds_the_same_and_ranges_are_served(self):
        key, url, _ = self.plain_page_challenge()
        first = b"".join(self.client.get(url).streaming_content)
        again = b"".join(self.client.get(url).streaming_content)
        self.assertEqual(first, again)
        part = self.client.get(url, headers={"Range": "bytes=0-99"})
        self.assertEqual(part.status_code, 206)
        self.assertEqual(b"".join(part.streaming_content), first[:100])

    def test_one_playbacks_requests_read_one_rendered_file(self):
        key, url, _ = self.plain_page_challenge()
        with mock.patch.object(audio, "render", wraps=audio.render) as render:
            whole = b"".join(self.client.get(url).streaming_content)
            part = self.client.get(url, headers={"Range": "bytes=100-199"})
        self.assertEqual(b"".join(part.streaming_content), whole[100:200])
        self.assertEqual(render.call_count, 1)

    def test_challenges_differ_in_timing_and_are_never_silent(self):
        durations, floors = set(), []
        for _ in range(4):
            key = new_captcha_key(self.client)
            _params, seconds, frames = parse_wav(
                b"".join(self.client.get(audio_url(key)).streaming_content)
            )
            durations.add(round(seconds, 3))
            # The first 0.25 s is before the first digit: noise only, never digital silence.
            samples = memoryview(frames).cast("h")[: int(0.25 * _params.framerate)]
            floors.append(max(abs(value) for value in samples))
        self.assertEqual(len(durations), 4, durations)
        self.assertTrue(all(floor > 0 for floor in floors), floors)

    def test_the_spoken_text_holds_the_challenges_digits_in_order(self):
        text = audio.ssml("739046", random.Random(0))
        self.assertEqual(re.findall(r">([0-9])</prosody>", text), list("739046"))

    def test_the_answer_is_accepted_once_then_refused_on_replay(self):
        key, url, _ = self.plain_page_challenge()
        self.assertEqual(self.client.get(url).status_code, 200)
        answer = captcha_answer(key)
        response = self.client.post(post_url(self.article), comment_data(key, answer))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Comment.objects.count(), 1)
        # The row is gone: the audio is gone too, and the same answer is refused.
        self.assertEqual(self.client.get(url).status_code, 410)
        replay = self.client.post(post_url(self.article), comment_data(key, answer))
        self.assertEqual(replay.status_code, 400)
        self.assertContains(replay, "验证码已失效", status_code=400)
        self.assertEqual(Comment.objects.count(), 1)

    def test_an_expired_challenge_is_neither_spoken_nor_accepted(self):
        key, url, _ = self.plain_page_challenge()
        answer = captcha_answer(key)
        CaptchaStore.objects.filter(hashkey=key).update(
            expiration=timezone.now() - timedelta(seconds=1)
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 410)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        refused = self.client.post(post_url(self.article), comment_data(key, answer))
        self.assertContains(refused, "验证码已过期", status_code=400)
        self.assertEqual(Comment.objects.count(), 0)

    def test_the_fetched_form_wires_the_audio_when_its_challenge_comes(self):
        html = self.client.get(form_url(self.article), headers=FETCH).content.decode()
        self.assertIn(
            '<span class="captcha__audio" hidden data-audio-url="/captcha/audio/KEY.wav">', html
        )
        self.assertNotIn('/captcha/audio/KEY.wav" src', html)
        self.assertEqual(CaptchaStore.objects.count(), 0)
        key = new_captcha_key(self.client)  # what site.js asks for, then it sets the src
        self.assertEqual(self.client.get(audio_url(key)).status_code, 200)

    def test_bad_addresses_are_refused_plainly(self):
        cases = {
            "a" * 40: 410,  # well-formed, never issued
            "A" * 40: 404,
            "a" * 39: 404,
            "a" * 100_000: 404,
            "<script>alert(1)</script>": 404,
            "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E": 404,
            "..%2F..%2Fetc%2Fpasswd": 404,
            "%00": 404,
        }
        for key, status in cases.items():
            with self.subTest(key=key[:50]):
                response = self.client.get(f"/captcha/audio/{key}.wav")
                self.assertEqual(response.status_code, status)
                # Never echoed (a key with "/" in it reaches the site's own 404 page).
                self.assertNotIn(b"alert(1)", response.content)
        self.assertEqual(self.client.post(audio_url("a" * 40)).status_code, 405)

    @override_settings(DAYUAN_RATE_LIMITS={"captcha_audio": (r"/captcha/audio/", [(3, 60)])})
    def test_speaking_is_limited_per_address(self):
        key = new_captcha_key(self.client)
        reader = Client(REMOTE_ADDR="203.0.113.40")
        statuses = [reader.get(audio_url(key)).status_code for _ in range(4)]
        self.assertEqual(statuses, [200, 200, 200, 429])
        self.assertEqual(Client(REMOTE_ADDR="203.0.113.41").get(audio_url(key)).status_code, 200)

    def test_the_shipped_limit_on_audio_is_tighter_than_on_images(self):
        from django.conf import settings

        scopes = list(settings.DAYUAN_RATE_LIMITS)
        self.assertLess(scopes.index("captcha_audio"), scopes.index("captcha"))  # first match
        audio_minute = {w: n for n, w in settings.DAYUAN_RATE_LIMITS["captcha_audio"][1]}
        image_minute = {w: n for n, w in settings.DAYUAN_RATE_LIMITS["captcha"][1]}
        self.assertLess(audio_minute[60], image_minute[60])


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False, DAYUAN_CAPTCHA_ESPEAK=MISSING)
class WithoutEspeakTest(TestCase):
    """`make run` on a machine without espeak-ng: the image alone, and the page says so."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_the_page_says_the_audio_is_unavailable_and_still_takes_comments(self):
        self.assertFalse(audio.available())
        response = self.client.get(page_url(self.article))
        self.assertContains(response, "语音验证码暂不可用")
        self.assertNotContains(response, "<audio")
        key = captcha_key(response.content.decode())
        self.assertContains(self.client.get(f"/captcha/image/{key}/"), b"PNG")

        spoken = self.client.get(audio_url(key))
        self.assertEqual(spoken.status_code, 404)
        self.assertEqual(spoken.content.decode(), "语音验证码暂不可用,请使用图片验证码。")

        posted = self.client.post(post_url(self.article), comment_data(key, captcha_answer(key)))
        self.assertEqual(posted.status_code, 302)
        self.assertEqual(Comment.objects.count(), 1)

    def test_the_fetched_form_says_so_too(self):
        response = self.client.get(form_url(self.article), headers=FETCH)
        self.assertContains(response, "语音验证码暂不可用")
        self.assertNotContains(response, 'captcha__audio"')
