"""编辑 and 主编 may see 报告 → 热门搜索词 and 无结果的搜索: search.view_search_analytics.

Existing sites' groups get it here; `setup_newsroom` grants it from newsroom.roles from now on.
Frozen here: the groups' names as they are.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ("编辑", "主编")
APP_LABEL = "search"
CODENAME = "view_search_analytics"


def analytics_permission(apps):
    # On a fresh database Django creates permissions after all migrations have run.
    search = apps.get_app_config(APP_LABEL)
    search.models_module = True
    create_permissions(search, apps=apps, verbosity=0)
    search.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=APP_LABEL, codename=CODENAME)


def grant(apps, schema_editor):
    permission = analytics_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    permission = analytics_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_desk_collections"),
        ("search", "0003_search_misses"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
