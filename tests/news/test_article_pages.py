"""The reader's article page: address, every seed element, SEO, and bad addresses."""

import json
import re

from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from news.models import ArticlePage, SectionPage
from tests.support.factories import build_site, make_article, make_image
from viewcounts.models import ArticleViewCount


class ArticleAddressTest(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(
            cls.tree.xinzhou,
            "忻州召开疫情防控工作会议",
            tags=["疫情", "防控", "工作"],
            article_number=3697,
        )

    def test_article_lives_at_its_number_under_its_section(self):
        self.assertEqual(self.article.url, "/gsyl/xinzhou/3697.html")
        response = self.client.get("/gsyl/xinzhou/3697.html")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "忻州召开疫情防控工作会议")

    def test_wagtail_slug_address_redirects_permanently(self):
        response = self.client.get(f"/gsyl/xinzhou/{self.article.slug}/")
        self.assertRedirects(
            response, "/gsyl/xinzhou/3697.html", status_code=301, fetch_redirect_response=False
        )

    def test_number_under_another_section_redirects_to_the_real_one(self):
        for address in ["/gsyl/taiyuan/3697.html", "/a/news/3697.html", "/3697.html"]:
            with self.subTest(address=address):
                self.assertRedirects(
                    self.client.get(address),
                    "/gsyl/xinzhou/3697.html",
                    status_code=301,
                    fetch_redirect_response=False,
                )

    def test_article_below_an_unpublished_section_is_404(self):
        self.tree.taiyuan.unpublish()
        hidden = make_article(self.tree.taiyuan, "下线栏目的文章")
        self.assertEqual(
            self.client.get(f"/gsyl/taiyuan/{hidden.article_number}.html").status_code, 404
        )

    def test_unknown_article_number_is_404(self):
        for address in [
            "/gsyl/xinzhou/999999.html",
            "/gsyl/xinzhou/0.html",
            "/gsyl/xinzhou/03697.html",
            "/gsyl/xinzhou/99999999999999999999.html",
            "/gsyl/xinzhou/abc.html",
        ]:
            with self.subTest(address=address):
                self.assertEqual(self.client.get(address).status_code, 404)

    def test_draft_article_is_not_served(self):
        draft = make_article(self.tree.xinzhou, "未发布的稿件", publish=False)
        self.assertEqual(
            self.client.get(f"/gsyl/xinzhou/{draft.article_number}.html").status_code, 404
        )

    def test_new_article_takes_the_next_free_number(self):
        article = make_article(self.tree.taiyuan, "新文章", article_number=None)
        highest = max(
            ArticlePage.objects.exclude(pk=article.pk).values_list("article_number", flat=True)
        )
        self.assertEqual(article.article_number, highest + 1)

    def test_region_is_the_nearest_city_section(self):
        self.assertEqual(self.article.region, self.tree.xinzhou)
        society = make_article(self.tree.shehui, "社会新闻")
        self.assertIsNone(society.region)

    def test_moving_an_article_updates_its_region_and_address(self):
        article = make_article(self.tree.xinzhou, "要搬家的文章")
        article.move(SectionPage.objects.get(pk=self.tree.taiyuan.pk), pos="last-child")
        article.refresh_from_db()
        self.assertEqual(article.region, self.tree.taiyuan)
        self.assertEqual(article.url, f"/gsyl/taiyuan/{article.article_number}.html")

    def test_articles_only_go_under_sections(self):
        self.assertCanCreateAt(SectionPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(ArticlePage, ArticlePage)
        self.assertAllowedSubpageTypes(ArticlePage, {})

    def test_article_is_renderable(self):
        self.assertPageIsRenderable(self.article)

    def test_preview_renders_without_the_view_counter(self):
        response = self.article.make_preview_request()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "忻州召开疫情防控工作会议")
        self.assertNotContains(response, "data-hit-url")


class ArticleContentTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.older = make_article(cls.tree.xinzhou, "前一篇文章", minutes_ago=60, tags=["防控"])
        cls.article = make_article(
            cls.tree.xinzhou,
            "忻州召开疫情防控工作会议",
            tags=["疫情", "防控", "工作"],
            editor_name="网络编辑",
            minutes_ago=30,
            featured_image=make_image("会议现场", size=(1600, 1000)),
            body=[
                ("paragraph", "<p>第一段正文。</p>"),
                ("heading", {"text": "二、下一步工作", "level": "h2"}),
                ("quote", {"text": "要把措施落到实处。", "attribution": "会议"}),
                ("paragraph", "<p>第二段正文。</p>"),
            ],
        )
        cls.newer = make_article(cls.tree.xinzhou, "后一篇文章", minutes_ago=0)
        ArticleViewCount.objects.create(article=cls.article, count=41)

    def get(self):
        return self.client.get(self.article.url)

    def test_meta_line_shows_editor_region_time_views_and_tags(self):
        response = self.get()
        html = response.content.decode()
        meta = re.search(r'<p class="meta-line">(.*?)</p>', html, re.S).group(1)
        self.assertIn("网络编辑", meta)
        self.assertIn("忻州", meta)
        local = timezone.localtime(self.article.publish_time)
        self.assertIn(local.strftime("%Y-%m-%d %H:%M:%S"), meta)
        self.assertIn('<span class="view-count">41</span>', meta)
        for tag in ["疫情", "防控", "工作"]:
            self.assertIn(f">{tag}</a>", meta)
        self.assertIn('href="/tags/%E7%96%AB%E6%83%85/"', meta)
        # A valid HTML datetime: whole seconds (no microseconds) and a UTC offset.
        stamp = local.strftime("%Y-%m-%dT%H:%M:%S+0800")
        self.assertIn(f'datetime="{stamp}"', meta)

    def test_page_carries_every_element_of_the_seed_page(self):
        response = self.get()
        for text in [
            "大院网",
            "各市要闻",
            "第一段正文",
            "二、下一步工作",
            "扫一扫在手机打开当前页面",
            "版权声明",
            "本文仅代表作者观点",
            "本文地址:",
            "留言与评论",
            "关于大院网",
        ]:
            self.assertContains(response, text)
        self.assertContains(response, '<svg viewBox="', count=1)
        self.assertContains(response, f"http://testserver{self.article.url}")

    def test_previous_and_next_articles_in_the_section(self):
        response = self.get()
        self.assertEqual(response.context["previous_article"], self.older)
        self.assertEqual(response.context["next_article"], self.newer)
        # The newest has no next, the oldest no previous.
        newest = self.client.get(self.newer.url).context
        self.assertEqual(newest["previous_article"], self.article)
        self.assertIsNone(newest["next_article"])
        self.assertEqual(newest["related_articles"], [])  # it has no tags
        oldest = self.client.get(self.older.url).context
        self.assertIsNone(oldest["previous_article"])
        self.assertEqual(oldest["next_article"], self.article)

    def test_related_articles_share_tags(self):
        response = self.get()
        self.assertEqual(response.context["related_articles"], [self.older])

    def test_related_articles_rank_by_shared_tags_then_newest(self):
        section = self.tree.taiyuan
        subject = make_article(section, "主题文章", tags=["交通", "天气", "民生"], minutes_ago=0)
        two_older = make_article(section, "两个相同标签旧", tags=["交通", "天气"], minutes_ago=50)
        one_newer = make_article(section, "一个相同标签", tags=["民生"], minutes_ago=10)
        two_newer = make_article(section, "两个相同标签新", tags=["天气", "民生"], minutes_ago=30)
        make_article(section, "无关文章", tags=["体育"], minutes_ago=5)
        make_article(section, "未发布", tags=["交通", "天气", "民生"], publish=False)
        related = subject.related_articles(list(subject.tags.all()))
        self.assertEqual(related, [two_newer, two_older, one_newer])

    def test_copyright_statement_can_be_overridden(self):
        self.article.copyright_statement = "本文为专稿,转载请联系编辑部。"
        self.article.save_revision().publish()
        response = self.get()
        self.assertContains(response, "本文为专稿,转载请联系编辑部。")
        self.assertNotContains(response, "本文仅代表作者观点")

    def test_seo_canonical_open_graph_and_json_ld(self):
        html = self.get().content.decode()
        address = f"http://testserver{self.article.url}"
        self.assertIn(f'<link rel="canonical" href="{address}">', html)
        self.assertIn(f'<meta property="og:url" content="{address}">', html)
        self.assertIn('<meta property="og:image" content="http://testserver/media/', html)
        payload = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        ).group(1)
        data = json.loads(payload)
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], self.article.title)
        self.assertEqual(data["mainEntityOfPage"], address)
        self.assertIn(data["image"][0], html.split('<meta property="og:image" content="')[1])

    @override_settings(DAYUAN_SITE_URL="https://news.example.cn")
    def test_the_share_image_is_on_the_configured_site_whatever_host_the_reader_sent(self):
        html = self.client.get(self.article.url, HTTP_HOST="a.example.cn").content.decode()
        self.assertIn('<meta property="og:image" content="https://news.example.cn/media/', html)
        self.assertNotIn("a.example.cn", html)

    def test_a_lost_original_image_leaves_the_page_up_without_share_image(self):
        image = make_image("原图丢失")
        article = make_article(self.tree.xinzhou, "图片丢失的文章", featured_image=image)
        image.file.storage.delete(image.file.name)
        response = self.client.get(article.url)
        self.assertContains(response, "图片丢失的文章", status_code=200)
        self.assertNotContains(response, 'property="og:image"')
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)[1]
        )
        self.assertNotIn("image", data)

    def test_images_are_responsive_with_webp(self):
        html = self.get().content.decode()
        self.assertIn('type="image/webp"', html)
        self.assertRegex(html, r'srcset="[^"]+ 480w, [^"]+ 960w')

    def test_markup_in_fields_is_escaped(self):
        article = make_article(
            self.tree.taiyuan,
            "<script>alert(1)</script>标题",
            summary="<img src=x onerror=alert(2)>",
            editor_name="<b>编辑</b>",
        )
        html = self.client.get(article.url).content.decode()
        self.assertNotIn("<script>alert(1)</script>", html)
        self.assertNotIn("<img src=x onerror", html)
        self.assertNotIn("<b>编辑</b>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;标题", html)

    def test_live_page_asks_to_count_the_view(self):
        response = self.get()
        self.assertContains(response, f'data-hit-url="/hits/{self.article.article_number}/"')


@override_settings(DAYUAN_SITE_URL="https://news.example.cn", DAYUAN_PAGE_CACHE_ENABLED=False)
class CanonicalAddressTest(TestCase):
    """Canonical link, JSON-LD and QR code name the configured site, whatever Host said."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "规范地址测试")

    def test_a_foreign_host_header_does_not_reach_the_page(self):
        html = self.client.get(self.article.url, HTTP_HOST="evil.example").content.decode()
        expected = f"https://news.example.cn{self.article.url}"
        self.assertIn(f'<link rel="canonical" href="{expected}">', html)
        self.assertIn(f'"url": "{expected}"', html)
        self.assertNotIn("evil.example", html)
