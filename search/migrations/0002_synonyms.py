"""The editors' search synonyms (搜索同义词), managed by the chief editors.

The 主编 group gets the model's permissions by name, as news/0009 gave it sections: the search app
imports no other app, and newsroom/roles.py grants the same to a group it creates later. Frozen
here: the group's name as it was.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

CHIEF_EDITOR = "主编"
CODENAMES = [
    "add_searchsynonym",
    "change_searchsynonym",
    "delete_searchsynonym",
    "view_searchsynonym",
]


def synonym_permissions(apps):
    # On a fresh database Django creates permissions after all migrations have run.
    search = apps.get_app_config("search")
    search.models_module = True
    create_permissions(search, apps=apps, verbosity=0)
    search.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label="search", codename__in=CODENAMES)


def grant(apps, schema_editor):
    permissions = list(synonym_permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name=CHIEF_EDITOR):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    permissions = list(synonym_permissions(apps))
    for group in apps.get_model("auth", "Group").objects.filter(name=CHIEF_EDITOR):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        # The newsroom's roles, 主编 among them, are created there.
        ("news", "0004_newsroom_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("equivalent", "同义词组(搜索任何一个词,都能找到其他词)"),
                            ("one_way", "单向扩展(搜索“词语”时,也查找“扩展为”里的词)"),
                        ],
                        default="equivalent",
                        max_length=16,
                        verbose_name="类型",
                    ),
                ),
                (
                    "terms",
                    models.TextField(
                        help_text="每行一个,或用逗号、顿号分隔,例如:新冠,新型冠状病毒,新冠肺炎。繁体与简体、全角与半角、大小写视为相同。",
                        verbose_name="词语",
                    ),
                ),
                (
                    "expansions",
                    models.TextField(
                        blank=True,
                        help_text="只用于单向扩展,例如词语填“太原”、扩展为填“并州”:搜索太原也能找到并州,反过来不会。",
                        verbose_name="扩展为",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={
                "verbose_name": "搜索同义词",
                "verbose_name_plural": "搜索同义词",
                "ordering": ["pk"],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
