"""Section, tag and home pages: ordering, pagination, bad input."""

import datetime

from django.test import TestCase, override_settings
from django.utils import timezone

from tests.support.factories import build_site, make_article, make_articles, make_image
from viewcounts.models import ArticleViewCount


@override_settings(DAYUAN_PAGE_SIZE=5)
class SectionPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.articles = make_articles(cls.tree.xinzhou, 12, prefix="忻州新闻")
        cls.sticky = make_article(cls.tree.xinzhou, "置顶通知", is_sticky=True, minutes_ago=999)

    def test_newest_first_with_sticky_on_top(self):
        response = self.client.get("/gsyl/xinzhou/")
        listed = list(response.context["articles"])
        self.assertEqual(listed[0], self.sticky)
        self.assertEqual(listed[1:], self.articles[:4])

    def test_parent_section_lists_its_cities_articles(self):
        response = self.client.get("/gsyl/")
        self.assertEqual(response.context["articles"].paginator.count, 13)
        self.assertContains(response, 'href="/gsyl/xinzhou/"')

    def test_pagination_and_bad_page_values(self):
        cases = {"2": 2, "abc": 1, "": 1, "-3": 3, "0": 3, "999999999999999999999": 3, "2.5": 1}
        for value, expected in cases.items():
            with self.subTest(page=value):
                response = self.client.get("/gsyl/xinzhou/", {"page": value})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["articles"].number, expected)

    def test_pagination_links_keep_other_parameters(self):
        response = self.client.get("/gsyl/xinzhou/", {"page": "2"})
        self.assertContains(response, 'href="?page=3"')
        self.assertContains(response, 'href="?page=1"')

    def test_section_links_its_feed(self):
        self.assertContains(self.client.get("/gsyl/xinzhou/"), 'href="/gsyl/xinzhou/rss.xml"')

    def test_unpublished_articles_are_not_listed(self):
        draft = make_article(self.tree.xinzhou, "草稿不应出现", publish=False)
        response = self.client.get("/gsyl/xinzhou/")
        self.assertNotIn(draft, list(response.context["articles"]))
        self.assertNotContains(response, "草稿不应出现")


@override_settings(DAYUAN_PAGE_SIZE=5)
class TagPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.tagged = make_articles(cls.tree.taiyuan, 7, prefix="防控新闻", tags=["疫情", "防控"])
        cls.other = make_article(cls.tree.taiyuan, "别的新闻", tags=["交通"])

    def test_chinese_tag_address_works_encoded_or_not(self):
        for address in ["/tags/疫情/", "/tags/%E7%96%AB%E6%83%85/"]:
            with self.subTest(address=address):
                # Both spellings are one page (the second answer comes from the page cache).
                response = self.client.get(address)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "共 7 篇文章")
                self.assertNotContains(response, "别的新闻")
                self.assertContains(response, "标签:疫情")

    def test_tag_page_is_paginated(self):
        response = self.client.get("/tags/疫情/", {"page": "2"})
        self.assertEqual(list(response.context["articles"]), self.tagged[5:])
        self.assertEqual(self.client.get("/tags/疫情/", {"page": "x"}).status_code, 200)

    def test_unknown_or_hostile_tag_is_404(self):
        for tag in ["不存在", "<script>", "' OR 1=1 --", "a" * 500, "%00"]:
            with self.subTest(tag=tag):
                self.assertEqual(self.client.get(f"/tags/{tag}/").status_code, 404)

    def test_only_live_articles_count(self):
        make_article(self.tree.taiyuan, "未发布", tags=["疫情"], publish=False)
        response = self.client.get("/tags/疫情/")
        self.assertEqual(response.context["articles"].paginator.count, 7)

    def test_total_follows_publishing_and_unpublishing(self):
        self.assertContains(self.client.get("/tags/疫情/"), "共 7 篇文章")
        extra = make_article(self.tree.xinzhou, "新加的防控新闻", tags=["疫情"])
        self.assertContains(self.client.get("/tags/疫情/"), "共 8 篇文章")
        extra.unpublish()
        self.assertContains(self.client.get("/tags/疫情/"), "共 7 篇文章")

    def test_deep_pages_list_the_right_articles(self):
        response = self.client.get("/tags/疫情/", {"page": "2"})
        self.assertEqual(
            [a.title for a in response.context["articles"]], ["防控新闻5", "防控新闻6"]
        )

    def test_post_is_refused(self):
        self.assertEqual(self.client.post("/tags/疫情/").status_code, 405)


class HomePageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        image = make_image()
        cls.headline = make_article(cls.tree.shehui, "今日头条新闻", is_headline=True)
        cls.slide = make_article(
            cls.tree.xinzhou, "幻灯图片新闻", is_slideshow=True, featured_image=image
        )
        cls.no_image_slide = make_article(cls.tree.xinzhou, "没有图片的幻灯", is_slideshow=True)
        cls.taiyuan_news = make_articles(cls.tree.taiyuan, 7, prefix="太原新闻")
        for _ in range(3):
            ArticleViewCount.record_view(cls.taiyuan_news[3].pk)
        ArticleViewCount.record_view(cls.taiyuan_news[4].pk)
        last_week = timezone.localdate() - datetime.timedelta(days=3)
        for _ in range(5):
            ArticleViewCount.record_view(cls.taiyuan_news[5].pk, on=last_week)

    def test_home_page_sections(self):
        response = self.client.get("/")
        self.assertEqual(response.context["headline"], self.headline)
        self.assertEqual(list(response.context["slides"]), [self.slide])
        self.assertEqual(
            list(response.context["most_read_today"]), [self.taiyuan_news[3], self.taiyuan_news[4]]
        )
        self.assertEqual(
            list(response.context["most_read_week"]),
            [self.taiyuan_news[5], self.taiyuan_news[3], self.taiyuan_news[4]],
        )
        self.assertContains(response, "本地公共服务导航", count=0)  # no links configured yet

    def test_latest_per_city_is_capped_and_newest_first(self):
        response = self.client.get("/")
        by_city = {city.slug: articles for city, articles in response.context["city_blocks"]}
        self.assertEqual(by_city["taiyuan"], self.taiyuan_news[:5])
        self.assertEqual(by_city["xinzhou"], [self.no_image_slide, self.slide])

    def test_public_service_links_come_from_settings_and_are_escaped(self):
        from wagtail.models import Site

        from home.models import SiteSettings

        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.public_service_links = [
            ("link", {"title": "<b>政务服务</b>", "url": "https://zwfw.example.cn/"})
        ]
        site_settings.icp_number = "晋ICP备12345678号"
        site_settings.save()
        response = self.client.get("/")
        self.assertContains(response, "本地公共服务导航")
        self.assertContains(response, "&lt;b&gt;政务服务&lt;/b&gt;")
        self.assertContains(response, '<a href="https://beian.miit.gov.cn/" rel="noopener">晋ICP备')
