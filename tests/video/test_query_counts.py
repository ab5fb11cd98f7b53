"""An article with video costs a fixed number of queries, with 5 videos or with 50.

The measured article has a lead video and N video blocks (uploaded and embedded, taking
turns); the site has N such articles. Counted as tests/news/test_query_counts.py counts.
"""

from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from tests.support.factories import build_site, make_article, make_image
from tests.support.videos import make_video

EMBED = "https://v.qq.com/x/page/d3233ofdukp.html"
# Warm: the routed article, its rendered body and head are kept, as for any article.
EXPECTED = 0
# Cold, after the cache was emptied: a plain article's 14 (tests/news, with its topics), plus
# the lead poster's rendition, the body's videos with their posters (one query) and the
# posters' renditions (one): the lead video and its poster come joined to the routed article.
EXPECTED_COLD = 17


class VideoArticleQueryCountMixin:
    def populate(self, size):
        tree = build_site()
        poster_image = make_image("题图")
        lead = make_video("题头视频")
        clips = [make_video(f"视频{index}", poster=index == 0) for index in range(2)]
        body = [("paragraph", "<p>正文。</p>")]
        for index in range(size):
            if index % 2:
                body.append(("video", {"video": EMBED, "caption": f"平台视频{index}"}))
            else:
                body.append(("uploaded_video", {"video": clips[index % 4 // 2], "caption": ""}))
        articles = [
            make_article(
                tree.taiyuan if index % 2 else tree.xinzhou,
                f"视频新闻{index}",
                featured_image=poster_image,
                lead_video=lead,
                body=body if index == 0 else [("paragraph", "<p>正文。</p>")],
                minutes_ago=index,
            )
            for index in range(size)
        ]
        return articles[0]

    def count(self, address, cold):
        self.client.get(address)  # renditions made, Wagtail's site root cached
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(address)
        self.assertEqual(response.status_code, 200)
        self.videos_shown = response.content.decode().count("<video ")
        return len(queries)

    def measure(self, size):
        article = self.populate(size)
        counts = self.count(article.url, cold=False), self.count(article.url, cold=True)
        self.assertEqual(self.videos_shown, 1 + (size + 1) // 2)  # the lead and the uploaded
        return counts


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class FiveVideosTest(VideoArticleQueryCountMixin, TestCase):
    def test_counts_with_5_videos(self):
        warm, cold = self.measure(5)
        self.assertEqual(warm, EXPECTED)
        self.assertEqual(cold, EXPECTED_COLD)


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class FiftyVideosTest(VideoArticleQueryCountMixin, TestCase):
    def test_counts_with_50_videos(self):
        warm, cold = self.measure(50)
        self.assertEqual(warm, EXPECTED)
        self.assertEqual(cold, EXPECTED_COLD)
