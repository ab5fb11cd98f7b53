"""Bad input never causes a 500 and never leaves anything half-saved."""

import datetime
from urllib.parse import quote_from_bytes

from django.test import TestCase, override_settings
from django.utils import timezone

from captcha.models import CaptchaStore

from comments.models import Comment
from tests.support.comments import (
    FETCH,
    comment_data,
    form_url,
    fresh_captcha,
    page_url,
    post_comment,
    post_url,
)
from tests.support.factories import build_site, make_article


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class BadInputTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def post(self, data, **kwargs):
        return self.client.post(post_url(self.article), data, headers=FETCH, **kwargs)

    def assertRefused(self, response, message, status=400):
        self.assertEqual(response.status_code, status, response.content.decode()[:500])
        self.assertContains(response, message, status_code=status)
        self.assertEqual(Comment.objects.count(), 0)

    def test_wrong_captcha(self):
        key, _answer = fresh_captcha(self.client, self.article)
        self.assertRefused(self.post(comment_data(key, "QQQQ")), "验证码不正确")

    def test_a_wrong_answer_uses_up_the_image(self):
        key, answer = fresh_captcha(self.client, self.article)
        self.post(comment_data(key, "QQQQ"))
        self.assertRefused(self.post(comment_data(key, answer)), "验证码已失效")

    def test_expired_captcha(self):
        key, answer = fresh_captcha(self.client, self.article)
        CaptchaStore.objects.filter(hashkey=key).update(
            expiration=timezone.now() - datetime.timedelta(seconds=1)
        )
        self.assertRefused(self.post(comment_data(key, answer)), "验证码已过期")
        self.assertFalse(CaptchaStore.objects.filter(hashkey=key).exists())

    def test_replayed_captcha(self):
        key, answer = fresh_captcha(self.client, self.article)
        self.assertEqual(self.post(comment_data(key, answer, text="第一次")).status_code, 200)
        response = self.post(comment_data(key, answer, text="第二次"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "验证码已失效", status_code=400)
        self.assertEqual(list(Comment.objects.values_list("text", flat=True)), ["第一次"])

    def test_made_up_captcha_key(self):
        self.assertRefused(self.post(comment_data("f" * 40, "abcd")), "验证码已失效")
        self.assertRefused(self.post(comment_data("../../etc/passwd", "abcd")), "验证码已失效")

    def test_text_over_the_length_limit(self):
        response = post_comment(self.client, self.article, "长" * 1001)
        self.assertRefused(response, "评论最多 1000 个字(现在 1001 个)")
        self.assertEqual(post_comment(self.client, self.article, "长" * 1000).status_code, 200)

    def test_nickname_over_the_length_limit(self):
        response = post_comment(self.client, self.article, nickname="名" * 21)
        self.assertRefused(response, "昵称最多 20 个字")

    def test_a_one_megabyte_body_is_refused_before_it_is_read(self):
        key, answer = fresh_captcha(self.client, self.article)
        response = self.post(comment_data(key, answer, text="x" * 1024 * 1024))
        self.assertRefused(response, "提交的内容过长", status=413)
        # The captcha was not even looked at.
        self.assertTrue(CaptchaStore.objects.filter(hashkey=key).exists())

    def test_nul_and_control_characters(self):
        for text in [
            "有\x00空字符",
            "响铃\x07",
            "退格\x08",
            "\x1b[31m红色",
            "反向\u202e文字",
            "C1\x85中间",
            "DEL\x7f",
        ]:
            with self.subTest(text=repr(text)):
                response = post_comment(self.client, self.article, text)
                self.assertRefused(response, "不允许的控制字符")
        response = post_comment(self.client, self.article, nickname="昵\x00称")
        self.assertRefused(response, "不允许的控制字符")

    def test_tabs_and_newlines_are_kept(self):
        post_comment(self.client, self.article, "第一行\r\n\t第二行")
        self.assertEqual(Comment.objects.get().text, "第一行\n\t第二行")

    def test_invalid_utf8(self):
        key, answer = fresh_captcha(self.client, self.article)
        body = "&".join(
            [
                "text=" + quote_from_bytes("评论".encode() + b"\xff\xfe\xc3"),
                f"captcha_0={key}",
                f"captcha_1={answer}",
                "nickname=" + quote_from_bytes(b"\xe4\xb8"),
            ]
        )
        response = self.client.post(
            post_url(self.article),
            body,
            content_type="application/x-www-form-urlencoded",
            headers=FETCH,
        )
        self.assertRefused(response, "无法识别的字符")

    def test_malformed_multipart_body(self):
        response = self.client.generic(
            "POST",
            post_url(self.article),
            b"--nope\r\nContent-Disposition: form-data\r\n\r\n",
            content_type="multipart/form-data; boundary=other",
            headers=FETCH,
        )
        self.assertIn(response.status_code, (400, 413))
        self.assertEqual(Comment.objects.count(), 0)

    def test_repeated_fields_take_the_last_value_only(self):
        key, answer = fresh_captcha(self.client, self.article)
        data = comment_data(key, answer)
        data["text"] = ["一", "二"]
        self.assertEqual(self.post(data).status_code, 200)
        self.assertEqual(Comment.objects.get().text, "二")

    def test_unknown_and_unpublished_articles_are_404(self):
        draft = make_article(self.tree.xinzhou, "草稿", publish=False)
        for number in [987654, draft.article_number]:
            for url in [
                f"/comments/{number}/",
                f"/comments/{number}/form/",
            ]:
                with self.subTest(url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            response = self.client.post(f"/comments/{number}/post/", {"text": "x"})
            self.assertEqual(response.status_code, 404)
        for url in [
            "/comments/abc/post/",
            "/comments/-1/post/",
            "/comments/99999999999999999999/post/",
        ]:
            self.assertEqual(self.client.post(url, {"text": "x"}).status_code, 404)
        self.assertEqual(Comment.objects.count(), 0)

    def test_an_article_in_an_unpublished_section_is_404(self):
        self.tree.xinzhou.unpublish()
        self.assertEqual(self.client.get(page_url(self.article)).status_code, 404)

    def test_get_and_other_methods_on_the_post_endpoint_are_405(self):
        for method in ["get", "put", "delete", "patch"]:
            with self.subTest(method=method):
                response = getattr(self.client, method)(post_url(self.article))
                self.assertEqual(response.status_code, 405)
        self.assertEqual(self.client.post(form_url(self.article)).status_code, 405)
        self.assertEqual(self.client.post(page_url(self.article)).status_code, 405)
