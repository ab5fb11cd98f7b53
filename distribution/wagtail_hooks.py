"""The push log in the admin's 报告 menu, the worker job that sends, the permission.

The settings themselves (设置 → 搜索引擎推送) are a registered site setting
(distribution/models.py), shown to holders of `distribution.change_pushsettings`.
"""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem

from . import pushing
from .reports import PERMISSION, PushLogReport

hooks.register("run_worker_job", pushing.worker_job)


class PushLogMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_admin_urls():
    guard = permission_required(PERMISSION)
    urls = [
        path("", guard(PushLogReport.as_view()), name="log"),
        path("results/", guard(PushLogReport.as_view(results_only=True)), name="log_results"),
    ]
    return [path("reports/search-engine-push/", include((urls, "distribution_report")))]


@hooks.register("register_reports_menu_item")
def register_push_log_menu_item():
    return PushLogMenuItem(
        "搜索引擎推送",
        reverse("distribution_report:log"),
        name="search-engine-push",
        icon_name="globe",
        order=1500,
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="distribution", codename="view_pushrecord"
    )
