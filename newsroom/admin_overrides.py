"""Admin addresses the project answers itself, in place of Wagtail's views at the same paths.

site_project/urls.py includes these ahead of Wagtail's admin. Each is Wagtail's own view
with what it shows narrowed to what the user may see (bulk_guard.py, visibility.py), behind
the same admin login and no-cache headers as the rest of the admin.
"""

from django.urls import path
from django.views.decorators.cache import never_cache

from wagtail.admin.auth import require_admin_access

from . import bulk_guard, visibility


def admin_view(view):
    return never_cache(require_admin_access(view))


urlpatterns = [
    path("bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_guard.bulk_action),
    path(
        "reports/page-types-usage/",
        admin_view(visibility.EditablePageTypesUsageReportView.as_view()),
    ),
    path(
        "reports/page-types-usage/results/",
        admin_view(visibility.EditablePageTypesUsageReportView.as_view(results_only=True)),
    ),
]
