"""View counts: outside the page model, atomic, not counted for bots or editors."""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.utils import timezone

from news.models import ArticleViewCount, DailyArticleViews
from tests.factories import build_site, make_article

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


class RecordViewTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "忻州新闻")
        cls.address = f"/hits/{cls.article.article_number}/"

    def hit(self, **headers):
        return self.client.post(self.address, headers={"user-agent": BROWSER, **headers})

    def test_a_reader_visit_counts_once_in_total_and_today(self):
        response = self.hit()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"count": 1, "counted": True})
        self.hit()
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 2)
        today = DailyArticleViews.objects.get(article=self.article, date=timezone.localdate())
        self.assertEqual(today.count, 2)
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_publishing_a_new_revision_keeps_the_count(self):
        self.hit()
        self.hit()
        self.article.title = "忻州新闻(更新)"
        self.article.save_revision().publish()
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 2)
        response = self.client.get(self.article.url)
        self.assertContains(response, '<span class="view-count">2</span>')

    def test_bots_and_scripts_are_not_counted(self):
        for agent in ["", "Baiduspider/2.0", "Googlebot/2.1", "curl/8.0", "python-requests/2.3"]:
            with self.subTest(agent=agent):
                response = self.client.post(self.address, headers={"user-agent": agent})
                self.assertEqual(response.json()["counted"], False)
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 0)

    def test_logged_in_editors_are_not_counted(self):
        editor = get_user_model().objects.create_user("reporter", password="x")
        self.client.force_login(editor)
        self.assertFalse(self.hit().json()["counted"])
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 0)

    def test_unknown_drafts_and_bad_numbers_are_404(self):
        draft = make_article(self.tree.xinzhou, "草稿", publish=False)
        for address in [
            "/hits/987654/",
            f"/hits/{draft.article_number}/",
            "/hits/99999999999999999999999/",
            "/hits/abc/",
            "/hits/-1/",
        ]:
            with self.subTest(address=address):
                response = self.client.post(address, headers={"user-agent": BROWSER})
                self.assertEqual(response.status_code, 404)

    def test_get_is_refused(self):
        self.assertEqual(self.client.get(self.address).status_code, 405)
        self.assertEqual(ArticleViewCount.count_for(self.article.pk), 0)

    def test_daily_counts_rank_most_read(self):
        other = make_article(self.tree.taiyuan, "太原新闻")
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        for _ in range(3):
            ArticleViewCount.record_view(other.pk, on=yesterday)
        ArticleViewCount.record_view(self.article.pk)
        week = list(DailyArticleViews.most_read_since(7))
        self.assertEqual([row["article_id"] for row in week], [other.pk, self.article.pk])
        today = list(DailyArticleViews.most_read_since(1))
        self.assertEqual([row["article_id"] for row in today], [self.article.pk])
