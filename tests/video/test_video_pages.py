"""What a reader gets of an article with video: the player, its poster, the policy, JSON-LD."""

import json
import re

from django.test import TestCase, override_settings

from tests.support.factories import build_site, make_article, make_image
from tests.support.videos import clip_bytes, make_video

EMBED = "https://www.bilibili.com/video/BV1xx411c7mD"


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )


@override_settings(DAYUAN_PAGE_CACHE_ENABLED=False)
class VideoArticleTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.video = make_video("汾河晨景")
        cls.body_video = make_video("正文视频")
        cls.article = make_article(
            cls.tree.taiyuan,
            "视频新闻",
            featured_image=make_image("题图"),
            lead_video=cls.video,
            body=[
                ("paragraph", "<p>正文。</p>"),
                ("video", {"video": EMBED, "caption": "平台视频"}),
                ("uploaded_video", {"video": cls.body_video, "caption": "现场画面"}),
            ],
        )

    def get(self):
        response = self.client.get(self.article.url)
        self.assertEqual(response.status_code, 200)
        return response, response.content.decode()

    def test_lead_video_plays_in_the_page_with_its_poster(self):
        _response, html = self.get()
        player = re.search(r"<video [^>]*>", html)[0]
        self.assertIn("controls", player)
        self.assertIn('preload="none"', player)
        self.assertRegex(player, r'poster="/media/images/[^"]+fill-960x540[^"]*"')
        self.assertIn(f'<source src="{self.video.url}" type="video/webm">', html)
        # The lead video takes the place of the featured picture at the top.
        self.assertNotIn('class="article__image"', html)

    def test_the_video_file_is_served_from_media(self):
        _response, html = self.get()
        source = re.search(r'<source src="(/media/videos/[^"]+)"', html)[1]
        response = self.client.get(source)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), clip_bytes())

    def test_embed_is_a_player_frame_of_the_allowed_host(self):
        _response, html = self.get()
        frame = re.search(r"<iframe [^>]*>", html)[0]
        self.assertIn(
            'src="https://player.bilibili.com/player.html?bvid=BV1xx411c7mD&amp;autoplay=0', frame
        )
        self.assertIn('title="平台视频(哔哩哔哩播放器)"', frame)
        self.assertIn("allowfullscreen", frame)
        self.assertIn('referrerpolicy="strict-origin-when-cross-origin"', frame)

    def test_policy_frames_only_the_allowed_players(self):
        response, _html = self.get()
        policy = response.headers["Content-Security-Policy"]
        frame_src = re.search(r"frame-src ([^;]*)", policy)[1].split()
        self.assertEqual(
            sorted(frame_src),
            sorted(
                [
                    "https://player.bilibili.com",
                    "https://v.qq.com",
                    "https://player.youku.com",
                    "https://w.yangshipin.cn",
                ]
            ),
        )

    def test_json_ld_describes_every_video(self):
        _response, html = self.get()
        data = json_ld(html)
        self.assertEqual(data["@type"], "NewsArticle")
        videos = data["video"]
        self.assertEqual([video["@type"] for video in videos], ["VideoObject"] * 3)
        lead, embed, uploaded = videos
        self.assertEqual(lead["name"], "汾河晨景")
        self.assertTrue(lead["contentUrl"].endswith(self.video.url))
        self.assertIn("fill-960x540", lead["thumbnailUrl"][0])
        self.assertEqual(lead["duration"], "PT0M1S")
        self.assertTrue(embed["embedUrl"].startswith("https://player.bilibili.com/"))
        self.assertIn("fill-1200x675", embed["thumbnailUrl"][0])  # the article's share picture
        self.assertEqual(uploaded["name"], "现场画面")
        for video in videos:
            self.assertTrue(video["uploadDate"])

    def test_an_article_without_video_has_no_video_in_json_ld(self):
        plain = make_article(self.tree.taiyuan, "普通新闻")
        html = self.client.get(plain.url).content.decode()
        self.assertNotIn('"video"', json.dumps(json_ld(html)))
        self.assertNotIn("<video", html)

    def test_a_deleted_video_leaves_the_article_readable(self):
        self.body_video.delete()
        self.video.delete()
        _response, html = self.get()
        self.assertNotIn("<video", html)

    def test_a_stored_address_of_another_host_shows_no_frame(self):
        legacy = make_article(
            self.tree.taiyuan,
            "旧视频",
            body=[("video", {"video": "https://www.youtube.com/watch?v=x", "caption": "旧"})],
        )
        html = self.client.get(legacy.url).content.decode()
        self.assertNotIn("<iframe", html)
        self.assertNotIn("youtube", html)
