"""113 XSS payloads posted through the real form, approved, and rendered as plain text."""

import re
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.test import Client, TestCase, override_settings

from comments import moderation
from comments.models import Comment
from tests.support.comments import (
    FETCH,
    comment_data,
    fresh_captcha,
    page_url,
    post_comment,
    post_url,
)
from tests.support.factories import build_site, make_article
from tests.support.xss_payloads import NICKNAME_PAYLOADS, XSS_PAYLOADS, stored_form


class CommentTextCollector(HTMLParser):
    """Collects the text of each .comment__text / .comment__author element and any tag inside."""

    WATCHED = {"comment__text", "comment__author"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.authors, self.tags_inside = [], [], []
        self.stack = []  # (tag, watched class or None)
        self.script_count = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.script_count += 1
        if any(watched for _tag, watched in self.stack):
            self.tags_inside.append(tag)
        classes = set((dict(attrs).get("class") or "").split())
        watched = next(iter(classes & self.WATCHED), None)
        if watched:
            (self.texts if watched == "comment__text" else self.authors).append("")
        self.stack.append((tag, watched))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _watched = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1]:
            target = self.texts if self.stack[-1][1] == "comment__text" else self.authors
            target[-1] += data


@override_settings(
    DAYUAN_PAGE_CACHE_ENABLED=False,
    # One address sends the whole corpus: no per-address limit here (tests/throttle).
    DAYUAN_RATE_LIMITS_ENABLED=False,
    DAYUAN_COMMENT_RATE_LIMITS=[(60, 1000)],
    DAYUAN_COMMENT_PAGE_SIZE=500,
)
class XssCorpusTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.editor = get_user_model().objects.create_superuser("chief", password="x")

    def test_corpus_is_big_enough_and_varied(self):
        self.assertGreaterEqual(len(set(XSS_PAYLOADS)), 100)

    def test_every_payload_is_stored_as_typed_and_shown_as_text(self):
        reader = Client(REMOTE_ADDR="192.0.2.44")
        for index, payload in enumerate(XSS_PAYLOADS):
            nickname = NICKNAME_PAYLOADS[index % len(NICKNAME_PAYLOADS)]
            response = post_comment(reader, self.article, payload, nickname=nickname)
            self.assertEqual(response.status_code, 200, (payload, response.content[:300]))
        comments = list(Comment.objects.order_by("pk"))
        self.assertEqual([c.text for c in comments], [stored_form(p) for p in XSS_PAYLOADS])

        moderation.approve(comments, self.editor)
        for address in [self.article.url, page_url(self.article)]:
            with self.subTest(address=address):
                html = self.client.get(address).content.decode()
                parser = CommentTextCollector()
                parser.feed(html)
                # Newest first: the page shows the corpus in reverse.
                self.assertEqual(parser.texts, [stored_form(p) for p in reversed(XSS_PAYLOADS)])
                expected_authors = [
                    NICKNAME_PAYLOADS[i % len(NICKNAME_PAYLOADS)] for i in range(len(XSS_PAYLOADS))
                ]
                self.assertEqual(parser.authors, list(reversed(expected_authors)))
                self.assertEqual(parser.tags_inside, [])
                start = html.index('<ol class="comment-list">')
                listing = html[start : html.index("</ol>", start)]
                self.assertEqual(
                    set(re.findall(r"<([a-z]+)", listing)), {"ol", "li", "p", "span", "time"}
                )

    def test_a_refused_payload_is_echoed_back_escaped(self):
        for payload in XSS_PAYLOADS[:40]:
            key, _answer = fresh_captcha(self.client, self.article)
            response = self.client.post(
                post_url(self.article),
                comment_data(key, "wrong", text=payload, nickname=payload[:20]),
                headers=FETCH,
            )
            self.assertEqual(response.status_code, 400)
            html = response.content.decode()
            if "<" in payload:
                self.assertNotIn(payload, html)
            parser = CommentTextCollector()
            parser.feed(html)
            self.assertEqual(parser.script_count, 0, payload)
        self.assertEqual(Comment.objects.count(), 0)
