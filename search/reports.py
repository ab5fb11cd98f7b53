"""报告 → 热门搜索词 and 报告 → 无结果的搜索: Wagtail report views over the search records.

Each row is a reader's query with its count over the last 7 and the last 30 days (two sortable
columns), a link that opens the public search page for it and, on 无结果的搜索 for those who may
set promotions, a link to 设置 → 推广搜索结果 for that very query. Readers typed these strings:
the admin shows them escaped, without control characters and cut to `DISPLAY_LENGTH`; the
spreadsheet export neutralises what a spreadsheet would run as a formula.
"""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import cached_property

from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import ButtonsColumnMixin, NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button

from search import analytics

PERMISSION = "search.view_search_analytics"
PROMOTE_PERMISSION = "wagtailsearchpromotions.change_searchpromotion"
DISPLAY_LENGTH = 50
# What a spreadsheet treats as the start of a formula (OWASP's CSV injection list; its tab and
# carriage return are unprintable, so visible_text has replaced them already).
FORMULA_STARTS = ("=", "+", "-", "@")


def visible_text(text):
    """`text` without control or other unprintable characters (each becomes U+FFFD).

    Also what an XLSX cell may hold: openpyxl refuses control characters, failing the export.
    """
    return "".join(ch if ch.isprintable() else "\ufffd" for ch in text)


def display_query(text):
    """A reader's query as the report shows it: printable, at most DISPLAY_LENGTH long.

    Cut by code points, not with Django's Truncator: it skips combining marks when counting,
    so a string of them would pass at any length.
    """
    if len(text) > DISPLAY_LENGTH:
        return visible_text(text[: DISPLAY_LENGTH - 1]) + "…"
    return visible_text(text)


def spreadsheet_text(text):
    """A query as a CSV cell: printable, and never read as a formula (a leading =, +, -, @
    gets an apostrophe, which spreadsheets read as "this is text")."""
    text = visible_text(text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def search_url(query_string):
    return f"{reverse('search')}?{urlencode({'q': query_string})}"


class QueryColumn(ButtonsColumnMixin, TitleColumn):
    """The query, linked to its public results; optionally a button to promote results for it."""

    def __init__(self, *args, promote=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.promote = promote

    def get_value(self, instance):
        return display_query(instance.query_string)

    def get_link_url(self, instance, parent_context):
        return search_url(instance.query_string)

    def get_link_attrs(self, instance, parent_context):
        return {
            "target": "_blank",
            "rel": "noopener noreferrer",
            "title": f"打开“{display_query(instance.query_string)}”的搜索结果(新窗口)",
        }

    def get_buttons(self, instance, parent_context):
        request = parent_context.get("request")
        if not (self.promote and request and request.user.has_perm(PROMOTE_PERMISSION)):
            return []
        return [
            Button(
                "设置推广结果",
                url=reverse("wagtailsearchpromotions:edit", args=[instance.pk]),
                icon_name="pick",
            )
        ]


class QueryPaginator(WagtailPaginator):
    # Wagtail has no Chinese for search promotions' "queries" ("共 2 个搜索词" under the table).
    verbose_name = verbose_name_plural = "个搜索词"


class SearchStatsReport(ReportView):
    """The shared report: a query's counts over 7 and 30 days, most this week first."""

    header_icon = "search"
    paginator_class = QueryPaginator
    is_searchable = True
    search_fields = ["query_string"]
    default_ordering = "-week"
    count_label = "次数"  # the counted thing, after 最近 7 天 / 最近 30 天
    promote = False
    export_filename = "search-stats"
    custom_field_preprocess = {
        "query_string": {
            ReportView.FORMAT_CSV: spreadsheet_text,
            # Wagtail writes an XLSX value that looks like a formula as text; + - @ are text there.
            ReportView.FORMAT_XLSX: visible_text,
        }
    }
    list_export = ["query_string", "week", "month"]

    @cached_property
    def columns(self):
        return [
            QueryColumn(
                "query_string", label="搜索词", sort_key="query_string", promote=self.promote
            ),
            NumberColumn(
                "week", label=f"最近 7 天{self.count_label}", sort_key="week", width="18%"
            ),
            NumberColumn(
                "month", label=f"最近 30 天{self.count_label}", sort_key="month", width="18%"
            ),
        ]

    @cached_property
    def export_headings(self):
        return {
            "query_string": "搜索词",
            "week": f"最近 7 天{self.count_label}",
            "month": f"最近 30 天{self.count_label}",
        }

    def order_queryset(self, queryset):
        # Ties in one count are broken by the other, then alphabetically: a stable page order.
        ordering = self.ordering or self.default_ordering
        others = [
            key
            for key in ("-week", "-month", "query_string")
            if key.lstrip("-") != ordering.lstrip("-")
        ]
        return queryset.order_by(ordering, *others, "pk")

    def get_filename(self):
        return f"{self.export_filename}-{analytics.stats_today():%Y-%m-%d}"


class PopularQueriesReport(SearchStatsReport):
    page_title = "热门搜索词"
    index_url_name = "search_analytics:queries"
    index_results_url_name = "search_analytics:queries_results"
    count_label = "搜索次数"
    export_filename = "search-queries"
    no_results_message = "最近 30 天没有读者搜索。"

    def get_base_queryset(self):
        return analytics.popular_queries()


class MissedQueriesReport(SearchStatsReport):
    page_title = "无结果的搜索"
    header_icon = "warning"
    index_url_name = "search_analytics:misses"
    index_results_url_name = "search_analytics:misses_results"
    count_label = "无结果次数"
    export_filename = "search-misses"
    no_results_message = "最近 30 天没有找不到结果的搜索。"
    promote = True

    def get_base_queryset(self):
        return analytics.missed_queries()
