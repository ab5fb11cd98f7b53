"""What readers see and do: the comment list under an article, the form, the result."""

import datetime
import re

from django.test import Client, TestCase, override_settings
from django.utils import timezone

from comments.models import Comment, CommentSettings
from tests.support.comments import (
    FETCH,
    captcha_answer,
    captcha_key,
    comment_data,
    form_url,
    fresh_captcha,
    new_captcha_key,
    page_url,
    post_comment,
    post_url,
)
from tests.support.factories import build_site, make_article

NO_PAGE_CACHE = override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)


def approved(article, text, nickname="", minutes_ago=0, **fields):
    comment = Comment.objects.create(
        article=article,
        nickname=nickname,
        text=text,
        submitted_text=text,
        status=Comment.Status.APPROVED,
        client_hash="0" * 64,
        **fields,
    )
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    comment.refresh_from_db()
    return comment


@NO_PAGE_CACHE
class ArticleCommentsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_approved_comments_show_newest_first_with_nickname_time_and_count(self):
        older = approved(self.article, "第一条", nickname="老读者", minutes_ago=10)
        approved(self.article, "第二条", minutes_ago=5)
        Comment.objects.create(
            article=self.article, text="待审", submitted_text="待审", client_hash="1" * 64
        )
        html = self.client.get(self.article.url).content.decode()

        self.assertIn("留言与评论(共有 2 条评论)", html)
        self.assertLess(html.index("第二条"), html.index("第一条"))
        self.assertNotIn("待审", html)
        self.assertIn('<span class="comment__author">老读者</span>', html)
        self.assertIn('<span class="comment__author">匿名网友</span>', html)
        shown_time = timezone.localtime(older.created_at).strftime("%Y-%m-%d %H:%M:%S")
        self.assertIn(f">{shown_time}</time>", html)
        self.assertTrue(re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", shown_time))

    def test_article_page_carries_no_token_or_captcha_and_is_the_same_for_every_reader(self):
        first = self.client.get(self.article.url)
        second = Client().get(self.article.url)
        html = first.content.decode()
        self.assertNotIn("csrfmiddlewaretoken", html)
        self.assertNotIn("captcha_0", html)
        self.assertNotIn("Set-Cookie", str(first.cookies))
        self.assertEqual(first.content, second.content)
        # Without JavaScript the reader follows a plain link to the comment page.
        self.assertIn(f'href="{page_url(self.article)}#comment-form"', html)
        self.assertIn(f'data-comment-form-url="{form_url(self.article)}"', html)

    def test_editor_reply_shows_under_the_comment_marked_as_such(self):
        approved(self.article, "请问何时开放", reply_text="下周一起开放。")
        html = self.client.get(self.article.url).content.decode()
        self.assertRegex(
            html,
            r'(?s)请问何时开放</p>\s*<div class="comment__reply">\s*'
            r'<p class="comment__reply-label">编辑回复</p>\s*'
            r'<p class="comment__text">下周一起开放。',
        )

    @override_settings(DAYUAN_COMMENT_PAGE_SIZE=3)
    def test_long_discussions_are_paginated_on_the_comment_page(self):
        for index in range(7):
            approved(self.article, f"评论{index}号", minutes_ago=index)
        article_html = self.client.get(self.article.url).content.decode()
        self.assertIn("留言与评论(共有 7 条评论)", article_html)
        self.assertEqual(article_html.count('class="comment"'), 3)
        self.assertIn("查看全部 7 条评论", article_html)

        pages = [self.client.get(page_url(self.article), {"page": n}) for n in (1, 2, 3)]
        texts = [re.findall(r"评论\d号", page.content.decode()) for page in pages]
        self.assertEqual(
            texts,
            [["评论0号", "评论1号", "评论2号"], ["评论3号", "评论4号", "评论5号"], ["评论6号"]],
        )
        for bad in ["abc", "-1", "99999999999999999999"]:
            self.assertEqual(
                self.client.get(page_url(self.article), {"page": bad}).status_code, 200
            )

    def test_comment_page_works_without_javascript(self):
        response = self.client.get(page_url(self.article))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('<meta name="robots" content="noindex">', html)
        self.assertIn('name="csrfmiddlewaretoken"', html)
        self.assertIn(f'action="{post_url(self.article)}"', html)
        key = captcha_key(html)
        image = self.client.get(f"/captcha/image/{key}/")
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image["Content-Type"], "image/png")
        self.assertEqual(image.content[:8], b"\x89PNG\r\n\x1a\n")
        self.assertIn("no-store", response["Cache-Control"])


@NO_PAGE_CACHE
class PostingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def test_a_posted_comment_awaits_review_and_is_not_shown(self):
        response = post_comment(self.client, self.article, "支持!", nickname="小王")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "评论已提交,审核通过后显示。")
        comment = Comment.objects.get()
        self.assertEqual(
            (comment.nickname, comment.text, comment.status), ("小王", "支持!", "pending")
        )
        self.assertNotContains(self.client.get(self.article.url), "支持!")

    def test_without_javascript_the_reader_is_redirected_to_the_result(self):
        response = post_comment(self.client, self.article, "没有脚本也能评论", fetch=False)
        self.assertRedirects(
            response,
            f"{page_url(self.article)}?posted=pending#comment-form",
            fetch_redirect_response=False,
        )
        self.assertContains(self.client.get(response.url), "评论已提交,审核通过后显示。")
        self.assertEqual(Comment.objects.count(), 1)

    def test_errors_keep_what_was_typed_and_say_what_is_wrong(self):
        key, _answer = fresh_captcha(self.client, self.article)
        response = self.client.post(
            post_url(self.article),
            comment_data(key, "XXXX", text="我的看法<b>很长</b>", nickname="老张"),
            headers=FETCH,
        )
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn("验证码不正确,请重新输入。", html)
        self.assertIn('value="老张"', html)
        self.assertIn("我的看法&lt;b&gt;很长&lt;/b&gt;</textarea>", html)
        # The used image is gone; site.js asks for the next at once (nothing stored before).
        self.assertNotIn(key, html)
        self.assertIn("data-captcha-deferred", html)
        self.assertEqual(Comment.objects.count(), 0)

    def test_missing_fields_are_form_errors(self):
        cases = {
            "text": ("请填写评论内容。", {"text": ""}),
            "captcha answer": ("请输入验证码。", {"captcha_1": ""}),
            "captcha key": ("请输入验证码。", {"captcha_0": ""}),
        }
        for name, (message, change) in cases.items():
            with self.subTest(name):
                key, answer = fresh_captcha(self.client, self.article)
                data = {**comment_data(key, answer), **change}
                response = self.client.post(post_url(self.article), data, headers=FETCH)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
        response = self.client.post(post_url(self.article), {}, headers=FETCH)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Comment.objects.count(), 0)

    def test_no_javascript_captcha_refresh_keeps_the_text(self):
        key, answer = fresh_captcha(self.client, self.article)
        response = self.client.post(
            post_url(self.article),
            comment_data(key, "", text="写了一半", refresh_captcha="1"),
        )
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("写了一半</textarea>", html)
        self.assertNotIn("comment-form__error", html)
        self.assertNotEqual(captcha_key(html), key)
        self.assertEqual(Comment.objects.count(), 0)

    def test_javascript_captcha_refresh_gives_a_new_image(self):
        response = self.client.get(
            "/captcha/refresh/", headers={"x-requested-with": "XMLHttpRequest"}
        )
        data = response.json()
        self.assertEqual(self.client.get(data["image_url"]).status_code, 200)

    def test_honeypot_refuses_robots(self):
        response = post_comment(self.client, self.article, website="http://spam.example/")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "提交未通过检查", status_code=400)
        self.assertEqual(Comment.objects.count(), 0)

    def test_csrf_token_is_required(self):
        reader = Client(enforce_csrf_checks=True)
        key, answer = fresh_captcha(reader, self.article)
        data = comment_data(key, answer)
        forged = Client(enforce_csrf_checks=True).post(post_url(self.article), data)
        self.assertEqual(forged.status_code, 403)
        self.assertEqual(Comment.objects.count(), 0)

        fragment = reader.get(form_url(self.article), headers=FETCH).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', fragment)[1]
        key = new_captcha_key(reader)
        data = comment_data(key, captcha_answer(key), csrfmiddlewaretoken=token)
        self.assertEqual(reader.post(post_url(self.article), data, headers=FETCH).status_code, 200)
        self.assertEqual(Comment.objects.count(), 1)


@NO_PAGE_CACHE
class ClosedAndPostModerationTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")

    def site_settings(self):
        return CommentSettings.for_site(self.tree.home.get_site())

    def test_an_article_closed_to_comments_keeps_its_comments_and_refuses_new_ones(self):
        approved(self.article, "早先的评论")
        key, answer = fresh_captcha(self.client, self.article)
        self.article.comments_open = False
        self.article.save_revision().publish()

        html = self.client.get(self.article.url).content.decode()
        self.assertIn("早先的评论", html)
        self.assertIn("本文已关闭评论。", html)
        self.assertNotIn("data-comment-form-url", html)
        self.assertNotContains(self.client.get(form_url(self.article), headers=FETCH), "<form")
        response = self.client.post(
            post_url(self.article), comment_data(key, answer), headers=FETCH
        )
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "本文已关闭评论。", status_code=403)
        self.assertEqual(Comment.objects.count(), 1)

    def test_the_site_wide_switch_closes_every_article(self):
        other = make_article(self.tree.taiyuan, "太原新闻")
        key, answer = fresh_captcha(self.client, self.article)
        site_settings = self.site_settings()
        site_settings.comments_open = False
        site_settings.save()
        for article in (self.article, other):
            self.assertContains(self.client.get(article.url), "本站暂停评论。")
        response = self.client.post(
            post_url(self.article), comment_data(key, answer), headers=FETCH
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Comment.objects.count(), 0)

    def test_post_moderation_shows_a_clean_comment_at_once_but_holds_a_flagged_one(self):
        from comments.models import SensitiveWord

        SensitiveWord.objects.create(word="坏词", action="mask")
        site_settings = self.site_settings()
        site_settings.moderation = CommentSettings.Moderation.POST
        site_settings.save()

        response = post_comment(self.client, self.article, "马上能看到")
        self.assertContains(response, "评论已发表。")
        post_comment(self.client, self.article, "这里有坏词")
        statuses = dict(Comment.objects.values_list("submitted_text", "status"))
        self.assertEqual(statuses, {"马上能看到": "published", "这里有坏词": "pending"})
        html = self.client.get(self.article.url).content.decode()
        self.assertIn("马上能看到", html)
        self.assertNotIn("这里有", html)
        self.assertIn("留言与评论(共有 1 条评论)", html)
        # Still in the editors' queue until someone reviews it.
        self.assertEqual(Comment.objects.awaiting_review().count(), 2)


@NO_PAGE_CACHE
class DemoCommentsTest(TestCase):
    def test_the_demo_loader_adds_two_approved_comments_once(self):
        import os

        from django.core.management import call_command

        for _ in range(2):
            # As under `make run`: with DEBUG off the loader refuses to create its accounts.
            with open(os.devnull, "w") as quiet, override_settings(DEBUG=True):
                call_command("load_demo_content", "--no-index", stdout=quiet)
        self.assertEqual(Comment.objects.public().count(), 2)
        article = Comment.objects.first().article
        html = self.client.get(article.url).content.decode()
        self.assertIn("留言与评论(共有 2 条评论)", html)
        self.assertIn("编辑回复", html)


class FieldErrorAccessibilityTest(TestCase):
    """A field's error is its description (Django's aria-describedby names the id)."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(build_site().xinzhou, "评论字段错误")

    def test_errors_are_described_by_ids_that_exist(self):
        key, answer = fresh_captcha(self.client, self.article)
        data = {**comment_data(key, answer), "text": "", "nickname": "x" * 30}
        response = self.client.post(post_url(self.article), data, headers=FETCH)
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        for name in ("text", "nickname"):
            with self.subTest(name):
                field = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html)[0]
                self.assertIn('aria-invalid="true"', field)
                described = re.search(r'aria-describedby="([^"]+)"', field)[1]
                self.assertIn(f'<span class="comment-form__error" id="{described}">', html)
