"""Wagtail search finds Chinese words, on SQLite and on PostgreSQL alike."""

import datetime

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from modelsearch.query import Phrase, PlainText

from news.models import ArticlePage
from tests.support.factories import build_site, make_article


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


class ChineseQueryTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        cls.tree = tree
        cls.measures = make_article(
            tree.xinzhou,
            "忻州市召开第129次常务会议",
            body=paragraph("会议强调,要把疫情防控二十条措施落到实处,离石区同步部署。"),
            tags=["疫情", "防控"],
        )
        cls.rules = make_article(
            tree.taiyuan,
            "太原发布出行提示",
            body=paragraph("市交通局出台二十条规定,引导市民错峰出行。"),
        )
        cls.tech = make_article(
            tree.shehui,
            "5G基站建设提速",
            summary="COVID-19疫情期间远程办公需求增加。",
            body=paragraph("运营商表示,全省新建5G基站一千余个。"),
        )
        cls.person = make_article(
            tree.xinzhou,
            "志愿者的一天",
            body=paragraph("记者跟随志愿者王建国走访社区,了解防疫物资发放情况。"),
            editor_name="李晓梅",
        )
        cls.punctuation = make_article(
            tree.taiyuan,
            "简讯",
            body=paragraph("本周天气晴。情防范意识要加强。"),
        )

    def search(self, query, queryset=None):
        queryset = queryset if queryset is not None else Page.objects.live().public()
        return {page.pk for page in queryset.specific().search(query)}

    def assertFinds(self, query, *pages):
        self.assertEqual(self.search(query), {page.pk for page in pages}, query)

    # Words inside sentences ------------------------------------------------

    def test_two_character_words_inside_a_sentence(self):
        self.assertFinds("疫情", self.measures, self.tech)
        self.assertFinds("防控", self.measures)
        self.assertFinds("会议", self.measures)

    def test_three_and_four_character_words(self):
        self.assertFinds("常务会", self.measures)
        self.assertFinds("落到实处", self.measures)
        self.assertFinds("二十条措施", self.measures)

    def test_all_words_must_match(self):
        self.assertFinds("二十条规定", self.rules)
        self.assertFinds("二十条", self.measures, self.rules)
        self.assertFinds("二十条 忻州", self.measures)
        self.assertFinds("疫情 太原")

    def test_words_do_not_match_across_punctuation(self):
        # "晴。情防" contains the characters of 晴情防 but not the word.
        self.assertFinds("晴情防")
        self.assertFinds("天气晴", self.punctuation)

    def test_single_character_queries(self):
        self.assertFinds("疫", self.measures, self.tech, self.person)
        self.assertFinds("晴", self.punctuation)
        self.assertFinds("鑫")

    def test_place_and_person_names(self):
        self.assertFinds("忻州", self.measures, self.tree.xinzhou)
        self.assertFinds("离石区", self.measures)
        self.assertFinds("王建国", self.person)
        self.assertFinds("李晓梅", self.person)

    def test_mixed_chinese_digits_and_latin(self):
        self.assertFinds("第129次", self.measures)
        self.assertFinds("第128次")
        self.assertFinds("COVID-19", self.tech)
        self.assertFinds("covid19", self.tech)
        self.assertFinds("ＣＯＶＩＤ－１９", self.tech)
        self.assertFinds("5G", self.tech)
        self.assertFinds("5g基站", self.tech)

    def test_tags_summary_and_editor_are_searched(self):
        self.assertFinds("远程办公", self.tech)

    def test_quoted_phrase(self):
        pages = Page.objects.live().public()
        self.assertEqual({p.pk for p in pages.search(Phrase("疫情防控二十条"))}, {self.measures.pk})
        self.assertEqual(
            {p.pk for p in pages.search(PlainText("疫情 措施", operator="or"))},
            {self.measures.pk, self.tech.pk},
        )

    def test_search_in_one_page_type_and_section(self):
        articles = ArticlePage.objects.live().descendant_of(self.tree.xinzhou)
        self.assertEqual(self.search("志愿者", articles), {self.person.pk})

    # What is and is not found ---------------------------------------------

    def test_unpublished_and_private_pages_are_not_found(self):
        draft = make_article(self.tree.xinzhou, "草稿里的独家新闻", publish=False)
        private = make_article(self.tree.shehui, "内部通知独家新闻")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        self.assertFinds("独家新闻")
        self.assertTrue(draft.pk)

    def test_edits_are_searchable_once_published(self):
        article = make_article(self.tree.taiyuan, "旧标题", body=paragraph("旧内容"))
        self.assertFinds("汾河")
        article.title = "汾河治理见成效"
        article.save_revision().publish()
        self.assertFinds("汾河", article)
        self.assertFinds("旧标题")

    def test_deleted_pages_leave_the_index(self):
        article = make_article(self.tree.taiyuan, "即将删除的稿件")
        self.assertFinds("即将删除", article)
        article.delete()
        self.assertFinds("即将删除")


class RankingTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        now = timezone.now()
        cls.in_body = make_article(
            cls.tree.xinzhou,
            "全市工作会议召开",
            body=paragraph("会议指出,防汛工作要早部署。防汛物资要备足,防汛队伍要到位。"),
            publish_time=now,
        )
        cls.in_title = make_article(
            cls.tree.xinzhou,
            "防汛演练在忻州举行",
            body=paragraph("演练持续两个小时。"),
            publish_time=now - datetime.timedelta(days=30),
        )
        body = paragraph("秋收工作有序推进。")
        cls.older = make_article(
            cls.tree.taiyuan, "秋收进展", body=body, publish_time=now - datetime.timedelta(days=2)
        )
        cls.newer = make_article(
            cls.tree.taiyuan, "秋收进展", body=body, publish_time=now - datetime.timedelta(days=1)
        )

    def ranked(self, query):
        return [page.pk for page in Page.objects.live().public().search(query)]

    def test_a_title_hit_outranks_a_body_hit(self):
        self.assertEqual(self.ranked("防汛"), [self.in_title.pk, self.in_body.pk])

    def test_among_equals_the_newer_comes_first(self):
        self.assertEqual(self.ranked("秋收"), [self.newer.pk, self.older.pk])

    def test_newest_first_order(self):
        articles = ArticlePage.objects.live().order_by("-publish_time", "-id")
        found = articles.search("工作", order_by_relevance=False)
        self.assertEqual([p.pk for p in found], [self.in_body.pk, self.newer.pk, self.older.pk])

    def test_results_page_through_without_repeats(self):
        results = Page.objects.live().search("秋收 防汛", operator="or")
        pages = [p.pk for p in results[0:2]] + [p.pk for p in results[2:4]]
        self.assertEqual(sorted(pages), sorted({*pages}))
        self.assertEqual(results.count(), 4)


class AutocompleteTest(TestCase):
    """Wagtail's admin page search uses autocomplete on titles."""

    @classmethod
    def setUpTestData(cls):
        tree = build_site()
        cls.article = make_article(tree.xinzhou, "忻州疫情防控工作会议召开")

    def test_autocomplete_finds_words_and_prefixes(self):
        for query in ["防控", "疫情防控", "忻", "会议 忻州", "防控工"]:
            found = {p.pk for p in ArticlePage.objects.live().autocomplete(query)}
            self.assertEqual(found, {self.article.pk}, query)
        self.assertFalse(Page.objects.autocomplete("二十条").count())


class RebuildTest(TestCase):
    def test_update_index_rebuilds_the_chinese_index(self):
        tree = build_site()
        article = make_article(
            tree.xinzhou, "忻州举行防汛演练", body=paragraph("演练在汾河岸边进行。")
        )
        call_command("update_index", verbosity=0)
        self.assertEqual([p.pk for p in Page.objects.live().search("汾河岸边")], [article.pk])
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # Planner statistics, and empty tables recorded as small (see the backend).
                cursor.execute(
                    "SELECT stat FROM sqlite_stat1 WHERE tbl = 'wagtailcore_pageviewrestriction'"
                )
                self.assertEqual(cursor.fetchone(), ("1",))
