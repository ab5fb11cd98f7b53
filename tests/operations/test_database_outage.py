"""A database that cannot be reached is a 503 with Retry-After, not a 500.

The outage is the database refusing every query (Django's execute_wrapper hook, which sits
where a dropped connection raises); the page comes through the whole middleware stack.
"""

from django.core.cache import caches
from django.db import OperationalError, ProgrammingError, connection
from django.test import Client, TestCase

from tests.support.factories import build_site, make_article


def unreachable():
    """The error the database in use raises when it cannot be reached, as it words it."""
    if connection.vendor == "sqlite":
        return OperationalError("database is locked")
    return OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def refuse(error):
    def wrapper(execute, sql, params, many, context):
        raise error

    return wrapper


class DatabaseOutageTest(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_site()
        cls.article = make_article(cls.tree.xinzhou, "停机期间的文章")

    def setUp(self):
        for alias in ("default", "near"):
            caches[alias].clear()
        # Errors become responses here, as they do for readers.
        self.client = Client(raise_request_exception=False)

    def get_while(self, error, path):
        with connection.execute_wrapper(refuse(error)):
            return self.client.get(path)

    def test_a_page_the_database_must_build_is_503_with_retry_after(self):
        for path in (self.article.url, "/gsyl/xinzhou/", "/search/?q=停机"):
            with self.subTest(path=path):
                response = self.get_while(unreachable(), path)
                self.assertEqual(response.status_code, 503)
                self.assertEqual(response["Retry-After"], "30")
                self.assertEqual(response["Cache-Control"], "no-store")
                self.assertContains(response, "服务暂时不可用", status_code=503)

    def test_the_same_page_answers_again_once_the_database_is_back(self):
        self.get_while(unreachable(), "/")
        self.assertContains(self.client.get(self.article.url), "停机期间的文章")

    def test_other_database_errors_stay_500(self):
        # A broken query or a missing migration is a fault to fix, not an outage: no
        # Retry-After. SQLite words a missing table as an OperationalError.
        errors = [ProgrammingError("column does not exist")]
        if connection.vendor == "sqlite":
            errors.append(OperationalError("no such table: search_searchsynonym"))
        for error in errors:
            with self.subTest(error=str(error)):
                response = self.get_while(error, self.article.url)
                self.assertEqual(response.status_code, 500)
                self.assertNotIn("Retry-After", response)
                self.assertContains(response, "服务器暂时出错", status_code=500)
