"""报告 → 热门搜索词 and 无结果的搜索: who sees them, what they count, where rows lead, and that
readers' strings stay inert in the admin and in spreadsheets."""

import csv
import datetime
import io
import zipfile

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import TestCase, override_settings
from django.utils.html import escape

from wagtail.contrib.search_promotions.models import Query

from bs4 import BeautifulSoup
from openpyxl import load_workbook

from search.analytics import record_miss, stats_today
from search.reports import DISPLAY_LENGTH, display_query
from tests.support.newsroom import build_newsroom
from tests.support.xss_payloads import XSS_PAYLOADS

QUERIES_URL = "/admin/reports/search/queries/"
MISSES_URL = "/admin/reports/search/misses/"
REPORT_URLS = [
    QUERIES_URL,
    f"{QUERIES_URL}results/",
    MISSES_URL,
    f"{MISSES_URL}results/",
]
PAGE_SIZE = 50  # rows a report page shows (Wagtail's ReportView)
NO_RATE_LIMITS = override_settings(DAYUAN_RATE_LIMITS_ENABLED=False)


def searched(text, days_ago=0, times=1, missed=0):
    """`times` searches for `text` on a day `days_ago` back, `missed` of which found nothing."""
    query = Query.get(text)
    date = stats_today() - datetime.timedelta(days=days_ago)
    for _ in range(times):
        query.add_hit(date=date)
    for _ in range(missed):
        record_miss(query, date=date)
    return query


def rows(response):
    """The report's rows: (query cell text, 7-day count, 30-day count, the query's link)."""
    soup = BeautifulSoup(response.content, "html.parser")
    found = []
    for row in soup.select("table.listing tbody tr"):
        cells = row.find_all("td")
        link = cells[0].find("a")
        found.append(
            (
                link.get_text(strip=True),
                int(cells[1].get_text(strip=True).replace(",", "")),
                int(cells[2].get_text(strip=True).replace(",", "")),
                link,
            )
        )
    return found


def counts(response):
    return [(text, week, month) for text, week, month, _link in rows(response)]


class NewsroomTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree, cls.users = build_newsroom()
        cls.users["root"] = get_user_model().objects.create_superuser("root", password="x" * 16)

    def sign_in(self, key):
        self.client.force_login(self.users[key])

    def get(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, url)
        return response


class WhoSeesTheReportsTest(NewsroomTestCase):
    def test_desk_editors_the_chief_and_superusers_have_them_in_the_reports_menu(self):
        for key in ["desk_xinzhou", "desk_taiyuan", "chief", "root"]:
            self.sign_in(key)
            dashboard = self.get("/admin/")
            self.assertContains(dashboard, QUERIES_URL)
            self.assertContains(dashboard, MISSES_URL)
            for url in REPORT_URLS:
                self.get(url)
            self.assertContains(self.get(QUERIES_URL), "热门搜索词")
            self.assertContains(self.get(MISSES_URL), "无结果的搜索")

    def test_reporters_and_the_comment_moderator_neither_see_nor_open_them(self):
        for key in ["reporter_xinzhou", "reporter_taiyuan", "moderator"]:
            self.sign_in(key)
            dashboard = self.get("/admin/")
            self.assertNotContains(dashboard, QUERIES_URL)
            self.assertNotContains(dashboard, MISSES_URL)
            for url in REPORT_URLS + [f"{MISSES_URL}?export=csv", f"{QUERIES_URL}?export=xlsx"]:
                response = self.client.get(url)
                self.assertEqual((response.status_code, response["Location"]), (302, "/admin/"))
                messages = " ".join(str(m) for m in get_messages(response.wsgi_request))
                self.assertIn("权限", messages)

    def test_empty_reports_say_so(self):
        self.sign_in("desk_xinzhou")
        self.assertContains(self.get(QUERIES_URL), "最近 30 天没有读者搜索。")
        self.assertContains(self.get(MISSES_URL), "最近 30 天没有找不到结果的搜索。")

    def test_anonymous_visitors_are_sent_to_the_login(self):
        for url in REPORT_URLS:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith("/admin/login/?next="))

    def test_the_roles_hold_the_permission_through_their_groups(self):
        holders = set(
            Group.objects.filter(permissions__codename="view_search_analytics").values_list(
                "name", flat=True
            )
        )
        self.assertEqual(holders, {"编辑", "主编"})

    def test_administrators_can_grant_it_in_the_group_editor(self):
        self.sign_in("root")
        group = Group.objects.get(name="记者")
        self.assertContains(self.get(f"/admin/groups/edit/{group.pk}/"), "可以查看搜索统计")


class CountsTest(NewsroomTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        searched("疫情", days_ago=0, times=3)
        searched("疫情", days_ago=3, times=2)
        searched("疫情", days_ago=10, times=5)
        searched("疫情", days_ago=40, times=100)  # before the 30 days
        searched("防控", days_ago=6, times=1)  # the 7th day back: in the week
        searched("防控", days_ago=7, times=4)  # the 8th: not
        searched("月初", days_ago=29, times=7)  # the 30th day back: in the month
        searched("旧闻", days_ago=30, times=9)  # the 31st: not
        searched("无此词", days_ago=0, times=2, missed=2)
        searched("无此词", days_ago=8, times=3, missed=3)
        searched("很少有", days_ago=1, times=4, missed=1)
        searched("早已有", days_ago=35, times=1, missed=1)

    def setUp(self):
        self.sign_in("desk_xinzhou")

    def test_popular_queries_count_the_last_7_and_30_days_most_searched_this_week_first(self):
        self.assertEqual(
            counts(self.get(QUERIES_URL)),
            [
                ("疫情", 5, 10),
                ("很少有", 4, 4),
                ("无此词", 2, 5),
                ("防控", 1, 5),
                ("月初", 0, 7),
            ],
        )

    def test_the_reports_say_how_many_queries_they_list(self):
        self.assertContains(self.get(QUERIES_URL), "5 个搜索词")
        self.assertContains(self.get(MISSES_URL), "2 个搜索词")

    def test_either_count_sorts_the_rows(self):
        self.assertEqual(
            [text for text, *_ in counts(self.get(QUERIES_URL, ordering="-month"))],
            ["疫情", "月初", "无此词", "防控", "很少有"],  # ties: the week's count decides
        )
        self.assertEqual(
            [text for text, *_ in counts(self.get(QUERIES_URL, ordering="week"))],
            ["月初", "防控", "无此词", "很少有", "疫情"],
        )

    def test_missed_queries_count_searches_that_found_nothing(self):
        self.assertEqual(counts(self.get(MISSES_URL)), [("无此词", 2, 5), ("很少有", 1, 1)])

    def test_the_report_searches_the_queries(self):
        self.assertEqual(counts(self.get(QUERIES_URL, q="疫")), [("疫情", 5, 10)])
        self.assertEqual(counts(self.get(f"{MISSES_URL}results/", q="无此")), [("无此词", 2, 5)])

    def test_searches_on_the_site_appear_in_the_reports(self):
        self.client.logout()
        with NO_RATE_LIMITS:
            for _ in range(2):
                self.assertEqual(self.client.get("/search/", {"q": "读者没找到"}).status_code, 200)
        self.sign_in("chief")
        self.assertIn(("读者没找到", 2, 2), counts(self.get(QUERIES_URL)))
        self.assertIn(("读者没找到", 2, 2), counts(self.get(MISSES_URL)))

    def test_each_query_opens_its_public_search_results_in_a_new_window(self):
        for url in [QUERIES_URL, MISSES_URL]:
            for text, _week, _month, link in rows(self.get(url)):
                response = self.client.get(link["href"])
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["search_query"], text)
                self.assertEqual(link["target"], "_blank")
        link = rows(self.get(QUERIES_URL))[0][3]
        self.assertEqual(link["href"], "/search/?q=%E7%96%AB%E6%83%85")

    def test_misses_link_to_promoting_results_for_those_who_may(self):
        self.sign_in("root")
        soup = BeautifulSoup(self.get(MISSES_URL).content, "html.parser")
        buttons = {
            row.select_one("td a").get_text(strip=True): [
                (a.get_text(strip=True), a["href"]) for a in row.select("td ul a")
            ]
            for row in soup.select("table.listing tbody tr")
        }
        query = Query.objects.get(query_string="无此词")
        self.assertEqual(buttons["无此词"], [("设置推广结果", f"/admin/searchpicks/{query.pk}/")])
        promote = self.get(f"/admin/searchpicks/{query.pk}/")
        self.assertContains(promote, 'value="无此词"')  # the form is filled in with the query
        self.assertNotContains(self.get(QUERIES_URL), "设置推广结果")

    def test_no_promotion_link_for_editors_who_may_not_promote(self):
        for key in ["desk_xinzhou", "chief"]:
            self.sign_in(key)
            self.assertEqual(len(rows(self.get(MISSES_URL))), 2)
            self.assertNotContains(self.get(MISSES_URL), "设置推广结果")


class ReaderStringsTest(NewsroomTestCase):
    """Readers typed these: markup stays text, long strings are cut, control characters go."""

    def setUp(self):
        self.sign_in("chief")

    def all_pages(self, url, count):
        pages = -(-count // PAGE_SIZE)
        return "".join(self.get(url, p=page).content.decode() for page in range(1, pages + 1))

    def test_markup_in_queries_is_escaped_in_both_reports(self):
        stored = {searched(payload, missed=1).query_string for payload in XSS_PAYLOADS}
        for url in [QUERIES_URL, MISSES_URL]:
            html = self.all_pages(url, len(stored))
            soup = BeautifulSoup(html, "html.parser")
            cells = soup.select("table.listing tbody td")
            self.assertEqual(len(soup.select("table.listing tbody tr")), len(stored))
            for tag in ["script", "img", "svg", "iframe", "object", "embed", "form", "input"]:
                self.assertEqual([cell.find(tag) for cell in cells if cell.find(tag)], [], tag)
            for cell in cells:
                for element in cell.find_all(True):
                    handlers = [name for name in element.attrs if name.startswith("on")]
                    self.assertEqual(handlers, [], element)
            for text in stored:
                shown = display_query(text)
                self.assertIn(escape(shown), html)
                if "<" in shown:
                    self.assertNotIn(shown, html)

    def test_long_queries_are_cut_and_control_characters_replaced(self):
        long_query = searched("疫情防控" * 100, missed=1)  # Query keeps 255 characters
        Query.objects.create(query_string="\x01\x1b[31m红字\x7f\u202e")
        searched("\x01\x1b[31m红字\x7f\u202e", missed=1)
        self.assertEqual(len(long_query.query_string), 255)
        for url in [QUERIES_URL, MISSES_URL]:
            texts = [text for text, *_ in rows(self.get(url))]
            self.assertEqual(len(texts), 2)
            self.assertTrue(all(len(text) <= DISPLAY_LENGTH for text in texts), texts)
            self.assertIn("疫情防控" * 12 + "疫…", texts)  # 49 characters and the ellipsis
            self.assertIn("\ufffd\ufffd[31m红字\ufffd\ufffd", texts)


class SpreadsheetExportTest(NewsroomTestCase):
    """Wagtail writes XLSX values that start with = as text, and CSV as it is: the report
    neutralises every formula start in CSV and drops what openpyxl cannot write."""

    FORMULAS = ["=1+1", "+1+1", "-1+1", "@sum(a1)", "=cmd|' /c calc'!a0", '=hyperlink("x")']

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for text in [*cls.FORMULAS, "普通的词"]:
            searched(text, missed=1)
        Query.objects.create(query_string="\x01控制字符")
        searched("\x01控制字符", missed=1)

    def setUp(self):
        self.sign_in("desk_xinzhou")

    def test_csv_cells_never_start_a_formula(self):
        for url in [QUERIES_URL, MISSES_URL]:
            response = self.get(url, export="csv")
            self.assertEqual(response["Content-Type"], "text/csv")
            self.assertIn(f"{stats_today():%Y-%m-%d}.csv", response["Content-Disposition"])
            table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
            self.assertEqual(table[0][0], "搜索词")
            self.assertTrue(table[0][1].startswith("最近 7 天"))
            queries = {row[0] for row in table[1:]}
            self.assertEqual(
                queries,
                {"'" + text for text in self.FORMULAS} | {"普通的词", "\ufffd控制字符"},
            )
            self.assertTrue(all(row[1] == row[2] == "1" for row in table[1:]))

    def test_xlsx_cells_are_text_never_formulas(self):
        for url in [QUERIES_URL, MISSES_URL]:
            response = self.get(url, export="xlsx")
            content = b"".join(response.streaming_content)
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
                for name in sheets:
                    self.assertNotIn(b"<f>", archive.read(name))
            sheet = load_workbook(io.BytesIO(content)).active
            cells = [row[0] for row in sheet.iter_rows(min_row=2)]
            self.assertTrue(all(cell.data_type == "s" for cell in cells))
            self.assertEqual(
                {cell.value for cell in cells}, {*self.FORMULAS, "普通的词", "\ufffd控制字符"}
            )


class QueryCountTest(NewsroomTestCase):
    """A page of the report costs the same queries for 5 distinct queries as for 50."""

    def report_queries(self, url, distinct):
        Query.objects.all().delete()
        for number in range(distinct):
            searched(f"搜索词{number}", days_ago=number % 30, times=number + 1, missed=1)
        self.get(url)  # warm the session, content types and site
        with self.assertNumQueries(self.EXPECTED):
            response = self.get(url)
        self.assertEqual(len(rows(response)), distinct)

    # The admin's own 11 (session, user, two-factor, permissions, profile, locales, the page,
    # collection and site permissions and the explorer's root behind the menu), then the
    # report's 2: the count and the page of rows with both sums.
    EXPECTED = 13

    def test_query_count_does_not_grow_with_the_rows(self):
        self.sign_in("desk_xinzhou")
        for url in [QUERIES_URL, MISSES_URL]:
            for distinct in [5, 50]:
                self.report_queries(url, distinct)


class BadInputTest(NewsroomTestCase):
    """Whatever an editor's browser sends, the report answers a page, never an error."""

    VALUES = [
        "",
        "\x00",
        "疫\x00情",
        "\x01\x1b[31m",
        "😀",
        "<script>alert(1)</script>",
        "' OR 1=1; DROP TABLE wagtailsearchpromotions_query; --",
        "%",
        "_",
        '"',
        "疫情 AND 防控",
        "-1",
        "0",
        "99999999999999999999999",
        "1e9",
        "疫" * 10_000,
    ]

    def test_any_parameter_value_gives_a_page(self):
        searched("疫情", missed=1)
        self.sign_in("desk_xinzhou")
        for url in REPORT_URLS:
            for name in ["q", "p", "ordering", "export"]:
                for value in self.VALUES:
                    response = self.client.get(url, {name: value})
                    self.assertEqual(response.status_code, 200, (url, name, value[:20]))
            response = self.client.get(url, {"q": ["疫情", "防控"], "p": ["1", "x"]})
            self.assertEqual(response.status_code, 200)
