"""Searches that found nothing, per query and day (search/models.py), and the permission
to see the search reports."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_synonyms"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchMiss",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("date", models.DateField(verbose_name="日期")),
                ("misses", models.PositiveIntegerField(default=0, verbose_name="无结果次数")),
                (
                    "query",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_misses",
                        to="wagtailsearchpromotions.query",
                        verbose_name="搜索词",
                    ),
                ),
            ],
            options={
                "verbose_name": "无结果的搜索",
                "verbose_name_plural": "无结果的搜索",
                "permissions": [("view_search_analytics", "可以查看搜索统计")],
                "default_permissions": (),
                "indexes": [models.Index(fields=["date", "query"], name="search_miss_date_query")],
                "constraints": [
                    models.UniqueConstraint(fields=("query", "date"), name="search_miss_query_date")
                ],
            },
        ),
    ]
