"""A search over a queryset that can match nothing answers nothing, not a 500 (issue 14, 12b).

The comment moderator may use the admin but explores no page: the admin API searches an
empty page queryset, which the ranked search could not turn into SQL (EmptyResultSet).
"""

from django.test import TestCase

from wagtail.search.backends import get_search_backend

from news.models import ArticlePage
from tests.support.factories import make_article
from tests.support.newsroom import build_newsroom


class EmptySearchScopeTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.article = make_article(cls.tree.xinzhou, "忻州部署疫情防控二十条措施")

    def test_ranked_search_of_an_empty_queryset_is_empty(self):
        results = get_search_backend().search("防控", ArticlePage.objects.filter(pk__in=[]))
        self.assertEqual(list(results), [])
        self.assertEqual(results.count(), 0)

    def test_moderator_searching_pages_in_the_admin_api_finds_nothing(self):
        self.client.force_login(self.users["moderator"])
        response = self.client.get("/admin/api/main/pages/", {"search": "防控"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["items"], [])
        self.assertNotContains(response, "忻州部署疫情防控二十条措施")

    def test_reporter_searching_pages_in_the_admin_api_finds_own_desk(self):
        self.client.force_login(self.users["reporter_xinzhou"])
        response = self.client.get("/admin/api/main/pages/", {"search": "防控"})
        self.assertEqual(response.status_code, 200)
        titles = [item["title"] for item in response.json()["items"]]
        self.assertEqual(titles, ["忻州部署疫情防控二十条措施"])
