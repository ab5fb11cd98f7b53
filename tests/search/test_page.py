"""The search page a reader sees at /search/?q=…"""

import datetime
import re

from django.test import TestCase, override_settings
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from tests.support.factories import build_site, make_article


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def titles(response):
    return re.findall(r'class="search-hit__title"><a href="[^"]+">(.*?)</a>', response.text)


class SearchPageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.when = timezone.make_aware(datetime.datetime(2022, 11, 17, 18, 2, 44))
        cls.xinzhou_article = make_article(
            cls.tree.xinzhou,
            "忻州部署疫情防控工作",
            body=paragraph("会议要求,各县区要把疫情防控二十条措施落到实处。"),
            publish_time=cls.when,
        )
        cls.taiyuan_article = make_article(
            cls.tree.taiyuan,
            "太原市民踊跃接种疫苗",
            body=paragraph("疫情防控形势总体平稳,市民有序接种。"),
            publish_time=cls.when - datetime.timedelta(days=40),
        )
        cls.social_article = make_article(
            cls.tree.shehui,
            "社区开展防控演练",
            body=paragraph("演练模拟了疫情发生后的应急处置。"),
            publish_time=cls.when - datetime.timedelta(days=400),
        )

    def get(self, **params):
        response = self.client.get("/search/", params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_results_show_title_section_time_and_marked_snippet(self):
        response = self.get(q="二十条措施")
        self.assertContains(response, "找到 <strong>1</strong> 条与“二十条措施”相关的结果")
        self.assertContains(
            response, f'href="/gsyl/xinzhou/{self.xinzhou_article.article_number}.html"'
        )
        self.assertContains(response, "忻州部署疫情防控工作</a>")
        self.assertContains(response, "疫情防控<mark>二十条措施</mark>落到实处")
        self.assertContains(response, '<span class="search-hit__section">忻州</span>')
        self.assertContains(response, "2022-11-17 18:02:44")

    def test_matched_words_are_marked_in_titles(self):
        response = self.get(q="防控 忻州")
        self.assertEqual(titles(response), ["<mark>忻州</mark>部署疫情<mark>防控</mark>工作"])

    def test_title_hits_come_first_then_newer(self):
        response = self.get(q="防控")
        self.assertEqual(
            titles(response),
            [
                "忻州部署疫情<mark>防控</mark>工作",
                "社区开展<mark>防控</mark>演练",
                "太原市民踊跃接种疫苗",
            ],
        )

    def test_total_count_and_pagination(self):
        make_article_batch(self.tree.taiyuan, 25)
        first = self.get(q="批量稿件")
        self.assertContains(first, "找到 <strong>25</strong> 条")
        self.assertEqual(len(titles(first)), 20)
        self.assertContains(first, "第 1 / 2 页")
        second = self.get(q="批量稿件", page="2")
        self.assertEqual(len(titles(second)), 5)
        self.assertContains(second, 'start="21"')
        self.assertEqual(set(titles(first)) & set(titles(second)), set())
        # The pagination links keep the query.
        self.assertContains(first, "?q=%E6%89%B9%E9%87%8F%E7%A8%BF%E4%BB%B6&amp;page=2")

    def test_filter_by_city_section(self):
        response = self.get(q="疫情", section=str(self.tree.taiyuan.pk))
        self.assertEqual(titles(response), ["太原市民踊跃接种疫苗"])
        response = self.get(q="疫情", section=str(self.tree.gsyl.pk))
        self.assertEqual(len(titles(response)), 2)

    def test_filter_by_date_range(self):
        response = self.get(q="疫情", start="2022-11-17", end="2022-11-17")
        self.assertEqual(len(titles(response)), 1)
        self.assertContains(response, "忻州部署")
        response = self.get(q="疫情", start="2022-01-01", end="2022-11-16")
        self.assertEqual(len(titles(response)), 1)
        self.assertContains(response, "太原市民")
        # Reversed dates are taken in order.
        response = self.get(q="疫情", start="2022-11-17", end="2021-01-01")
        self.assertEqual(len(titles(response)), 3)

    def test_sort_by_newest(self):
        response = self.get(q="防控", sort="newest")
        self.assertEqual(
            [re.sub("</?mark>", "", title) for title in titles(response)],
            ["忻州部署疫情防控工作", "太原市民踊跃接种疫苗", "社区开展防控演练"],
        )
        self.assertContains(response, '<option value="newest" selected>')

    @override_settings(DAYUAN_SEARCH_MAX_HITS=2)
    def test_very_common_words_are_listed_among_the_newest_pages(self):
        response = self.get(q="疫情")  # in three articles
        self.assertEqual(len(titles(response)), 2)
        self.assertContains(response, "只列出最新的 2 个页面")
        self.assertNotContains(self.get(q="二十条措施"), "只列出最新的")

    @override_settings(DAYUAN_SEARCH_RANKED_HITS=1)
    def test_past_the_ranked_pages_the_rest_follow_newest_first(self):
        # The most recently indexed match (the 社区 article, indexed last) is the one
        # scored: it comes first, and the rest follow by publication time, the title hit
        # (忻州…) included.
        response = self.get(q="疫情")
        self.assertEqual(
            [re.sub("</?mark>", "", title) for title in titles(response)],
            ["社区开展防控演练", "忻州部署疫情防控工作", "太原市民踊跃接种疫苗"],
        )
        self.assertContains(response, "最新的 1 个页面按相关度排在前面,其余按时间排在后面")
        self.assertNotContains(response, "只列出")
        # Newest first needs no ranking, so there is nothing to say.
        self.assertNotContains(self.get(q="疫情", sort="newest"), "search-notice")

    def test_empty_states(self):
        self.assertContains(self.get(), "请输入要搜索的关键词")
        response = self.get(q="火星探测")
        self.assertContains(response, "没有找到与“火星探测”相关的内容")
        self.assertNotContains(response, "search-hit")
        self.assertContains(self.get(q="!!!"), "没有可以搜索的文字")

    def test_editors_picks_come_first(self):
        query = Query.get("防疫")
        SearchPromotion.objects.create(
            query=query, page=self.social_article, description="编辑推荐的防疫专题", sort_order=0
        )
        response = self.get(q="防疫")
        self.assertContains(response, "编辑推荐")
        self.assertContains(response, "编辑推荐的防疫专题")
        self.assertContains(response, f'href="{self.social_article.url}"')

    def test_queries_are_recorded_for_popular_searches(self):
        self.get(q="疫情")
        self.get(q="疫情", page="2")
        self.get(q=" 疫情 ")
        self.get(q="防控")
        for _ in range(5):
            self.get(q="不存在的词")
        self.assertEqual(Query.get("疫情").hits, 2)
        self.assertEqual(Query.get("不存在的词").hits, 5)
        popular = self.get()
        self.assertContains(popular, "热门搜索")
        self.assertContains(popular, '<a href="/search/?q=%E7%96%AB%E6%83%85">疫情</a>')
        self.assertContains(popular, ">防控</a>")
        # Shown to every reader, so only searches that find something.
        self.assertNotContains(popular, "不存在的词")

    def test_results_page_is_not_indexed_by_search_engines(self):
        response = self.get(q="疫情")
        self.assertEqual(response["X-Robots-Tag"], "noindex")
        self.assertContains(response, '<meta name="robots" content="noindex">')

    def test_every_page_has_the_search_box(self):
        for address in ["/", f"/gsyl/xinzhou/{self.xinzhou_article.article_number}.html", "/gsyl/"]:
            response = self.client.get(address)
            self.assertEqual(response.status_code, 200, address)
            self.assertContains(response, 'action="/search/"')
            self.assertContains(response, 'name="q"')

    def test_text_is_escaped(self):
        make_article(
            self.tree.shehui,
            "<script>alert(1)</script>防疫标题",
            body=paragraph("&lt;b&gt;防疫&lt;/b&gt; 正文"),
        )
        response = self.get(q="防疫")
        self.assertNotContains(response, "<script>alert")
        self.assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;<mark>防疫</mark>标题")
        self.assertContains(response, "&lt;b&gt;<mark>防疫</mark>&lt;/b&gt;")
        response = self.get(q='"><img src=x onerror=alert(1)>')
        self.assertNotContains(response, "<img src=x")
        self.assertContains(response, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")

    def test_search_page_query_count_does_not_grow_with_results(self):
        make_article_batch(self.tree.taiyuan, 45)
        self.get(q="批量稿件")  # warm the site and content type caches
        # By relevance, the ranked ids (which give the count too); by date, the count and
        # the page's ids. Then the pages (two queries for specific()) and section names;
        # the site, navigation and site settings come from the cache.
        for sort, queries in [("relevance", 5), ("newest", 4)]:
            for page in ["3", "2"]:  # 5 results, then 20
                with self.assertNumQueries(queries):
                    self.get(q="批量稿件", page=page, sort=sort)


def make_article_batch(section, count):
    for number in range(count):
        make_article(section, f"批量稿件{number}", minutes_ago=number)


@override_settings(DAYUAN_RATE_LIMITS_ENABLED=False, DAYUAN_SEARCH_MAX_HITS=3)
class NewestMatchesPastTheRecentWindowTest(TestCase):
    """The newest `max_hits` matches, wherever they are in the index.

    On PostgreSQL the newest index entries are searched first (a window of ten per hit:
    30 entries here) and older entries only when the window holds too few matches.
    """

    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        other = paragraph("城市建设工作稳步推进。")
        for number in range(4):
            make_article(tree.xinzhou, f"银杏古树{number}", body=other, minutes_ago=100 + number)
        for number in range(40):
            make_article(tree.taiyuan, f"城建稿件{number}", body=other, minutes_ago=50)
        cls.window_only = [
            make_article(tree.shehui, f"{name}银杏古树", body=other) for name in ("大同", "阳高")
        ]

    def listed(self, **params):
        response = self.client.get("/search/", params)
        self.assertEqual(response.status_code, 200)
        return sorted(re.sub("</?mark>", "", title) for title in titles(response))

    def test_the_window_and_the_older_entries_together(self):
        # Two matches among the newest entries, the third from before the 40 others.
        expected = sorted(["大同银杏古树", "阳高银杏古树", "银杏古树3"])
        self.assertEqual(self.listed(q="银杏古树"), expected)
        self.assertEqual(self.listed(q="银杏古树", sort="newest"), expected)

    def test_only_older_entries(self):
        self.assertEqual(self.listed(q="银杏古树0"), ["银杏古树0"])

    def test_the_window_alone(self):
        self.assertEqual(self.listed(q="阳高"), ["阳高银杏古树"])
