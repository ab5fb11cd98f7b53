"""报告 → 搜索引擎推送: who sees it, filtering by result and engine, hostile addresses stay
inert, and its query count holds at 5 and 50 rows."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bs4 import BeautifulSoup

from distribution.models import PushRecord
from tests.distribution.support import PushTestCase
from tests.support.editors import log_in, make_editor

URL = "/admin/reports/search-engine-push/"
Status = PushRecord.Status
Engine = PushRecord.Engine
# Session, user and permissions, the menu's hooks, the count and the page of rows.
REPORT_QUERIES = 12


def add_records(site, count, status=Status.SENT, engine=Engine.BAIDU, message="百度今日剩余配额 9"):
    return PushRecord.objects.bulk_create(
        PushRecord(
            site=site,
            url=f"https://www.example.cn/gsyl/xinzhou/{index + 1}.html",
            engine=engine,
            status=status,
            message=message,
        )
        for index in range(count)
    )


def table_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        for row in soup.select("table.listing tbody tr")
    ]


class PushLogReportTest(PushTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = make_editor("push_reader")
        group = Group.objects.create(name="推送日志")
        group.permissions.add(Permission.objects.get(codename="view_pushrecord"))
        cls.editor.groups.add(group)
        cls.outsider = make_editor("no_push_reader")

    def test_editor_with_the_permission_finds_it_under_reports(self):
        log_in(self.client, self.editor)
        # The sidebar is JSON for its script: the menu item's address stands for it.
        self.assertContains(self.client.get("/admin/"), URL)
        add_records(self.site, 2)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        rows = table_rows(response)
        self.assertEqual(len(rows), 2)
        self.assertIn("推送成功", rows[0])
        self.assertIn("百度", rows[0])

    def test_an_editor_without_the_permission_is_refused(self):
        log_in(self.client, self.outsider)
        response = self.client.get(URL)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotContains(self.client.get("/admin/"), URL)

    def test_filter_by_result_and_engine(self):
        log_in(self.client, self.editor)
        add_records(self.site, 3)
        add_records(self.site, 2, status=Status.FAILED, engine=Engine.INDEXNOW, message="超时")
        rows = table_rows(self.client.get(URL, {"status": "failed"}))
        self.assertEqual(len(rows), 2)
        self.assertTrue(all("推送失败" in row for row in rows))
        self.assertEqual(len(table_rows(self.client.get(URL, {"engine": "baidu"}))), 3)
        self.assertEqual(len(table_rows(self.client.get(f"{URL}results/", {"engine": "x"}))), 5)

    def test_hostile_filter_values_are_not_a_500(self):
        log_in(self.client, self.editor)
        for params in (
            {"status": "<script>"},
            {"engine": "' OR 1=1 --"},
            {"url": "x" * 5000},
            {"p": "abc"},
            {"ordering": "password"},
        ):
            self.assertLess(self.client.get(URL, params).status_code, 500, params)

    def test_hostile_messages_are_escaped(self):
        log_in(self.client, self.editor)
        add_records(self.site, 1, status=Status.FAILED, message="<script>alert(1)</script>")
        response = self.client.get(URL)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertContains(response, "&lt;script&gt;")

    def report_queries(self, count):
        add_records(self.site, count)
        log_in(self.client, self.editor)
        self.client.get(URL)  # warm the session and the menu's caches
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(URL)
        self.assertEqual(len(table_rows(response)), count)
        return len(queries)

    def test_report_queries_do_not_grow_with_rows(self):
        self.assertEqual(self.report_queries(5), REPORT_QUERIES)

    def test_report_queries_at_50_rows(self):
        self.assertEqual(self.report_queries(50), REPORT_QUERIES)
