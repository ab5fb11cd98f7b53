"""The markup behind 长辈版, read-aloud and printing, the same for every reader.

What the mode does in a browser is measured in tests/browser/test_reading_mode.py; here,
through the Django test client, that every reader page carries the switch, the script that
applies the reader's choice before the body (blocking, in <head>, not inline) and the print
stylesheet, and that the static files they name are there.
"""

import re

from django.contrib.staticfiles import finders
from django.test import TestCase, override_settings

from tests.support.factories import build_site, make_article

NO_PAGE_CACHE = override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
SWITCH = re.compile(
    r'<button type="button" class="mode-switch" data-reading-mode-switch>'
    r'<span class="mode-switch__to-elderly">长辈版</span>'
    r'<span class="mode-switch__to-standard">标准版</span></button>'
)


def head_of(html):
    return html.split("</head>", 1)[0]


@NO_PAGE_CACHE
class ReadingModeMarkupTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新开通一条公交线路", tags=["交通"])

    def reader_pages(self):
        return {
            "home": ("/", 200),
            "section": ("/gsyl/", 200),
            "city section": ("/gsyl/xinzhou/", 200),
            "article": (self.article.url, 200),
            "tag": ("/tags/交通/", 200),
            "search": ("/search/?q=公交", 200),
            "comment page": (f"/comments/{self.article.article_number}/", 200),
            "404": ("/no-such-page/", 404),
        }

    def test_every_reader_page_has_the_switch_in_its_header(self):
        for name, (path, status) in self.reader_pages().items():
            with self.subTest(name):
                response = self.client.get(path)
                self.assertEqual(response.status_code, status)
                html = response.content.decode()
                header = html.split('<header class="site-header">', 1)[1].split("</header>")[0]
                self.assertEqual(len(SWITCH.findall(header)), 1)
                self.assertEqual(len(SWITCH.findall(html)), 1)

    def test_the_choice_is_applied_by_a_blocking_script_in_head(self):
        for name, (path, _status) in self.reader_pages().items():
            with self.subTest(name):
                head = head_of(self.client.get(path).content.decode())
                tags = re.findall(r"<script[^>]*reading-mode\.js[^>]*>", head)
                # No defer or async: it must run before the body is drawn.
                self.assertEqual(tags, ['<script src="/static/js/reading-mode.js">'])
                # Before the page's other scripts, after the stylesheet.
                self.assertLess(head.index("css/site.css"), head.index("reading-mode.js"))
                self.assertLess(head.index("reading-mode.js"), head.index("js/site.js"))

    def test_print_stylesheet_is_linked_for_print_only(self):
        for name, (path, _status) in self.reader_pages().items():
            with self.subTest(name):
                head = head_of(self.client.get(path).content.decode())
                self.assertIn(
                    '<link rel="stylesheet" href="/static/css/print.css" media="print">', head
                )

    def test_read_aloud_is_on_articles_only(self):
        html = self.client.get(self.article.url).content.decode()
        self.assertIn('<script src="/static/js/read-aloud.js" defer></script>', head_of(html))
        box = html.split('<div class="read-aloud" data-read-aloud>', 1)[1].split("</div>")[0]
        self.assertIn("data-read-aloud-toggle>朗读</button>", box)
        self.assertIn("data-read-aloud-stop hidden>停止</button>", box)
        for name, (path, _status) in self.reader_pages().items():
            if name != "article":
                with self.subTest(name):
                    self.assertNotContains(self.client.get(path), "read-aloud", status_code=_status)

    def test_no_inline_script_or_style_was_added(self):
        # The CSP refuses them: every script has a src, except the article's JSON-LD data.
        for name, (path, _status) in self.reader_pages().items():
            with self.subTest(name):
                html = self.client.get(path).content.decode()
                for tag in re.findall(r"<script\b[^>]*>", html):
                    self.assertTrue(
                        "src=" in tag or 'type="application/ld+json"' in tag, (name, tag)
                    )
                self.assertNotIn("<style", html)
                self.assertNotRegex(html, r"\sstyle=")

    def test_search_landmarks_have_distinct_names(self):
        html = self.client.get("/search/?q=公交").content.decode()
        labels = re.findall(r'role="search" aria-label="([^"]+)"', html)
        self.assertEqual(sorted(labels), ["全站搜索", "搜索与筛选"])


class StaticFilesTest(TestCase):
    def test_the_files_the_pages_name_exist(self):
        expectations = {
            "js/reading-mode.js": ["localStorage", "dayuan-reading-mode", "classList"],
            "js/read-aloud.js": ["speechSynthesis", "SpeechSynthesisUtterance", "zh-CN"],
            "css/print.css": ["@page", ".article__qr", ".comments"],
            "css/site.css": ["html.elderly", ":focus-visible"],
        }
        for name, needles in expectations.items():
            with self.subTest(name):
                path = finders.find(name)
                self.assertIsNotNone(path, name)
                with open(path, encoding="utf-8") as source:
                    text = source.read()
                for needle in needles:
                    self.assertIn(needle, text)
