"""Dashboard panels with data: review queue, comments, most read, the 30-day city chart."""

import datetime
import xml.etree.ElementTree as ET

from django.test import TestCase
from django.utils import timezone

from comments.models import Comment
from news.models import ArticlePage
from newsroom.dashboard import city_activity
from tests.support.factories import make_article
from tests.support.newsroom import build_newsroom
from viewcounts.models import DailyArticleViews

SVG = "{http://www.w3.org/2000/svg}"


def panel(response, panel_id):
    html = response.content.decode()
    start = html.index(f'id="{panel_id}-section"')
    return html[start : html.index("</section>", html.index('class="w-panel__content"', start))]


class DashboardTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        today = timezone.localdate()
        cls.popular = make_article(cls.tree.xinzhou, "今日最热文章")
        cls.weekly = make_article(cls.tree.taiyuan, "本周最热文章")
        cls.quiet = make_article(cls.tree.xinzhou, "无人阅读的文章")
        DailyArticleViews.objects.create(article=cls.popular, date=today, count=120)
        DailyArticleViews.objects.create(article=cls.weekly, date=today, count=30)
        DailyArticleViews.objects.create(
            article=cls.weekly, date=today - datetime.timedelta(days=3), count=400
        )
        Comment.objects.create(
            article=cls.popular, text="待审评论", submitted_text="待审评论", client_hash="t"
        )

    def dashboard(self, key):
        self.client.force_login(self.users[key])
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 200)
        return response

    def test_most_read_today_and_this_week(self):
        most_read = panel(self.dashboard("chief"), "newsroom-most-read")
        today, week = most_read.split("本周(近 7 天)")
        self.assertLess(today.index("今日最热文章"), today.index("本周最热文章"))
        self.assertIn("120 次", today)
        self.assertLess(week.index("本周最热文章"), week.index("今日最热文章"))
        self.assertIn("430 次", week)
        self.assertNotIn("无人阅读的文章", most_read)

    def test_city_chart_is_an_svg_with_a_row_per_city(self):
        chart_panel = panel(self.dashboard("desk_xinzhou"), "newsroom-city-activity")
        start = chart_panel.index("<svg xmlns")
        svg_text = chart_panel[start : chart_panel.index("</svg>", start) + 6]
        svg = ET.fromstring(svg_text)  # noqa: S314 - the application's own output
        self.assertEqual(svg.tag, f"{SVG}svg")
        rows = {group.get("data-city"): group for group in svg.iter(f"{SVG}g")}
        self.assertEqual(set(rows), {"xinzhou", "taiyuan"})
        today = timezone.localdate()
        titles = [element.text for element in rows["xinzhou"].iter(f"{SVG}title")]
        self.assertIn(f"忻州 {today:%m-%d}:发稿 2 篇,阅读 120 次", titles)
        earlier = today - datetime.timedelta(days=3)
        taiyuan = [element.text for element in rows["taiyuan"].iter(f"{SVG}title")]
        self.assertIn(f"太原 {earlier:%m-%d}:发稿 0 篇,阅读 400 次", taiyuan)
        self.assertIn("发稿 2 · 阅读 120", chart_panel)
        self.assertNotIn("<script", chart_panel)

    def test_city_activity_counts_per_day(self):
        activity = city_activity()
        self.assertEqual(len(activity["days"]), 30)
        self.assertEqual(activity["days"][-1], timezone.localdate())
        by_city = {city.slug: (published, views) for city, published, views in activity["cities"]}
        self.assertEqual(by_city["xinzhou"][0][-1], 2)
        self.assertEqual(sum(by_city["taiyuan"][1]), 430)
        # An article first published 40 days ago is outside the chart.
        ArticlePage.objects.filter(pk=self.quiet.pk).update(
            first_published_at=timezone.now() - datetime.timedelta(days=40)
        )
        by_city = {city.slug: published for city, published, _ in city_activity()["cities"]}
        self.assertEqual(sum(by_city["xinzhou"]), 1)

    def test_comment_panel_stays_for_moderators(self):
        response = self.dashboard("moderator")
        self.assertIn("1", panel(response, "pending-comments"))
        self.assertNotContains(response, "newsroom-review-queue")
        self.assertNotContains(response, "newsroom-city-activity")

    def test_reporter_has_no_review_queue_but_sees_readership(self):
        response = self.dashboard("reporter_xinzhou")
        self.assertNotContains(response, "newsroom-review-queue")
        self.assertContains(response, "newsroom-most-read")

    def test_built_in_review_panel_is_replaced(self):
        response = self.dashboard("chief")
        self.assertNotContains(response, 'id="awaiting-review-section"')
        self.assertIn("暂无等待你审核的稿件", panel(response, "newsroom-review-queue"))
