"""Newcomer finding 9: a `srcset` listed one width twice, which is invalid HTML.

Wagtail never enlarges: asked for 480, 960 and 1440 pixels of an 800-pixel photo, it
returns 480, 800 and 800. A srcset with two `800w` candidates is an error for the Nu HTML
Checker, and the browser drops the whole attribute. Imported articles are full of such
small photos. Every srcset on a reader's page must list each width once.
"""

from html.parser import HTMLParser

from django.test import TestCase

from tests.support.factories import build_site, make_article, make_image

# Narrower than each size the templates ask for: 960 (body), 480 (cards), all of them.
SIZES = {"phone photo": (800, 533), "thumbnail": (400, 300), "wide": (1200, 800)}


class SrcsetCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        if tag in {"img", "source"}:
            self.tags.append((tag, dict(attrs)))


def candidates(srcset):
    """[(url, descriptor)] of a srcset attribute."""
    found = []
    for candidate in srcset.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        found.append((url, descriptor.strip()))
    return found


def srcset_problems(html):
    collector = SrcsetCollector()
    collector.feed(html)
    problems = []
    for tag, attrs in collector.tags:
        srcset = attrs.get("srcset")
        if srcset is None:
            if "sizes" in attrs:
                problems.append(f"<{tag}> has sizes but no srcset: {attrs}")
            continue
        listed = candidates(srcset)
        widths = [descriptor for _url, descriptor in listed]
        if len(widths) != len(set(widths)):
            problems.append(f"<{tag}> repeats a width: {srcset}")
        if "sizes" in attrs and not all(w.endswith("w") for w in widths):
            problems.append(f"<{tag}> has sizes but a candidate without a width: {srcset}")
    return problems, collector.tags


class SrcsetWidthsTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.images = {name: make_image(name, size) for name, size in SIZES.items()}
        cls.articles = []
        for number, (name, image) in enumerate(cls.images.items()):
            body = [
                ("paragraph", "<p>正文。</p>"),
                (
                    "image",
                    {
                        "image": {"image": image, "decorative": False, "alt_text": name},
                        "caption": name,
                    },
                ),
                (
                    "gallery",
                    {
                        "title": "图集",
                        "images": [{"image": image, "decorative": False, "alt_text": name}],
                    },
                ),
            ]
            cls.articles.append(
                make_article(
                    cls.tree.xinzhou,
                    f"图片{name}",
                    featured_image=image,
                    body=body,
                    is_slideshow=True,
                    article_number=8801 + number,
                )
            )

    def assert_distinct_widths(self, path):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200)
        problems, tags = srcset_problems(response.content.decode())
        self.assertTrue(any("srcset" in attrs for _tag, attrs in tags), f"no srcset on {path}")
        self.assertEqual(problems, [], path)

    def test_article_pages_list_each_width_once(self):
        for article in self.articles:
            with self.subTest(article=article.title):
                self.assert_distinct_widths(article.url)

    def test_home_page_and_section_list_each_width_once(self):
        for path in ("/", "/gsyl/xinzhou/"):
            with self.subTest(path=path):
                self.assert_distinct_widths(path)

    def test_a_narrow_photo_still_offers_its_own_width_and_the_smaller_one(self):
        response = self.client.get(self.articles[0].url)
        _problems, tags = srcset_problems(response.content.decode())
        body_sources = [
            attrs["srcset"]
            for tag, attrs in tags
            if tag == "source" and "800w" in attrs.get("srcset", "")
        ]
        self.assertTrue(body_sources)
        self.assertEqual([w for _u, w in candidates(body_sources[0])], ["480w", "800w"])

    def test_a_photo_narrower_than_every_size_is_offered_once_per_format(self):
        response = self.client.get(self.articles[1].url)
        _problems, tags = srcset_problems(response.content.decode())
        thumbnail = [
            (tag, attrs)
            for tag, attrs in tags
            if "width-" in attrs.get("srcset", attrs.get("src", "")) and attrs.get("width") != "1"
        ]
        self.assertTrue(thumbnail)
        for tag, attrs in thumbnail:
            # One candidate, without `sizes`: it would mean nothing beside it.
            self.assertEqual(len(candidates(attrs.get("srcset", attrs.get("src")))), 1, tag)
            self.assertNotIn("sizes", attrs)
