"""Only chief editors create sections: the 主编 group gets news.add_sectionpage.

A section added in the admin creates desk groups at once, so newsroom/sections.py lets
only holders of this permission create one. Frozen here: the group's name as it was.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CHIEF_EDITOR = "主编"
CODENAME = "add_sectionpage"


def section_permission(apps):
    # On a fresh database Django creates permissions after all migrations have run.
    news = apps.get_app_config("news")
    news.models_module = True
    create_permissions(news, apps=apps, verbosity=0)
    news.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="news", codename=CODENAME)


def grant(apps, schema_editor):
    permission = section_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name=CHIEF_EDITOR):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    permission = section_permission(apps)
    for group in apps.get_model("auth", "Group").objects.filter(name=CHIEF_EDITOR):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_move_content_types"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
