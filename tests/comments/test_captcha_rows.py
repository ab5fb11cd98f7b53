"""A captcha challenge is a database row: stored only when a reader is about to comment.

587 anonymous loads of the comment form made 589 rows in three seconds. The fetched form
now holds no challenge; site.js asks the captcha library's refresh view for one when the
reader starts typing. The no-JavaScript comment page still renders one, and both it and
the refresh view are limited per address (DAYUAN_RATE_LIMITS).
"""

from django.test import Client, TestCase, override_settings

from captcha.models import CaptchaStore

from comments.models import Comment
from tests.support.comments import (
    FETCH,
    REFRESH,
    captcha_answer,
    captcha_refresh_url,
    comment_data,
    form_url,
    new_captcha_key,
    page_url,
    post_url,
)
from tests.support.factories import build_site, make_article


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class CaptchaRowsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_loading_the_form_stores_no_challenge(self):
        for _ in range(25):
            response = self.client.get(form_url(self.article), headers=FETCH)
            self.assertEqual(response.status_code, 200)
        self.assertEqual(CaptchaStore.objects.count(), 0)
        html = response.content.decode()
        self.assertIn("data-captcha-deferred", html)
        self.assertIn('name="captcha_1"', html)  # the answer field is there, labelled
        self.assertIn('data-refresh-url="/captcha/refresh/"', html)

    def test_a_reader_who_starts_typing_gets_one_challenge_and_can_post(self):
        self.client.get(form_url(self.article), headers=FETCH)
        key = new_captcha_key(self.client)
        self.assertEqual(CaptchaStore.objects.count(), 1)
        image = self.client.get(f"/captcha/image/{key}/")
        self.assertEqual(image["Content-Type"], "image/png")
        response = self.client.post(
            post_url(self.article), comment_data(key, captcha_answer(key)), headers=FETCH
        )
        self.assertContains(response, "评论已提交")
        self.assertEqual(Comment.objects.count(), 1)
        self.assertEqual(CaptchaStore.objects.count(), 0)

    def test_a_refused_post_stores_no_new_challenge(self):
        key = new_captcha_key(self.client)
        response = self.client.post(
            post_url(self.article), comment_data(key, "ZZZZ"), headers=FETCH
        )
        self.assertContains(response, "验证码不正确", status_code=400)
        self.assertIn("data-captcha-deferred", response.content.decode())
        self.assertEqual(CaptchaStore.objects.count(), 0)

    def test_the_refresh_view_answers_only_scripts(self):
        self.assertEqual(self.client.get(captcha_refresh_url()).status_code, 404)
        self.assertEqual(CaptchaStore.objects.count(), 0)

    def test_the_page_without_javascript_renders_one(self):
        response = self.client.get(page_url(self.article))
        self.assertEqual(CaptchaStore.objects.count(), 1)
        self.assertNotIn("data-captcha-deferred", response.content.decode())


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class CaptchaRowsAreBoundedTest(TestCase):
    """One address cannot fill the table: each way to a challenge is limited."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def statuses(self, client, address, count, **headers):
        return [client.get(address, headers=headers).status_code for _ in range(count)]

    def test_the_refresh_view_is_limited_per_address(self):
        (limit, window), *_longer = self.windows("captcha")
        reader = Client(REMOTE_ADDR="203.0.113.20")
        statuses = self.statuses(reader, captcha_refresh_url(), limit + 5, **REFRESH)
        self.assertEqual(statuses, [200] * limit + [429] * 5)
        self.assertEqual(CaptchaStore.objects.count(), limit)
        other = Client(REMOTE_ADDR="203.0.113.21")
        self.assertEqual(other.get(captcha_refresh_url(), headers=REFRESH).status_code, 200)

    def test_the_page_without_javascript_is_limited_per_address(self):
        (limit, window), *_longer = self.windows("comments")
        reader = Client(REMOTE_ADDR="203.0.113.22")
        statuses = self.statuses(reader, page_url(self.article), limit + 5)
        self.assertEqual(statuses, [200] * limit + [429] * 5)
        self.assertEqual(CaptchaStore.objects.count(), limit)

    def windows(self, scope):
        from django.conf import settings

        _pattern, windows = settings.DAYUAN_RATE_LIMITS[scope]
        return sorted(windows, key=lambda pair: pair[1])
