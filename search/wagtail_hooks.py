"""The synonyms snippet (设置 → 搜索同义词), and the search reports in the admin's 报告 menu,
for holders of `search.view_search_analytics`.

The newsroom grants it to its 编辑 and 主编 groups (newsroom/roles.py); it is also listed under
the group editor's other permissions, so a site without the newsroom can grant it by hand.
"""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from search.reports import PERMISSION, MissedQueriesReport, PopularQueriesReport
from search.viewsets import SearchSynonymViewSet

register_snippet(SearchSynonymViewSet)


class SearchStatsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def _report_urls(name, view_class):
    guard = permission_required(PERMISSION)
    return [
        path(f"{name}/", guard(view_class.as_view()), name=name),
        path(
            f"{name}/results/", guard(view_class.as_view(results_only=True)), name=f"{name}_results"
        ),
    ]


@hooks.register("register_admin_urls")
def register_admin_urls():
    urls = _report_urls("queries", PopularQueriesReport) + _report_urls(
        "misses", MissedQueriesReport
    )
    return [path("reports/search/", include((urls, "search_analytics")))]


@hooks.register("register_reports_menu_item")
def register_popular_queries_menu_item():
    return SearchStatsMenuItem(
        "热门搜索词",
        reverse("search_analytics:queries"),
        name="search-queries",
        icon_name="search",
        order=1400,
    )


@hooks.register("register_reports_menu_item")
def register_missed_queries_menu_item():
    return SearchStatsMenuItem(
        "无结果的搜索",
        reverse("search_analytics:misses"),
        name="search-misses",
        icon_name="warning",
        order=1410,
    )


@hooks.register("register_permissions")
def register_permissions():
    app_label, codename = PERMISSION.split(".")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename)
