"""Searches that found nothing, per query and day, for the 无结果的搜索 report.

Wagtail's search promotions count every search (`QueryDailyHits`) but not whether it found
anything; this is the one fact they lack, stored the same way: a row per query and day with a
counter, so a busy miss costs one UPDATE and the table grows with distinct queries, not with
searches. Rows go with their query (CASCADE) and with age (`clean_search_stats`).
"""

from django.db import models

from wagtail.contrib.search_promotions.models import Query


class SearchMiss(models.Model):
    query = models.ForeignKey(
        Query,
        on_delete=models.CASCADE,
        related_name="search_misses",
        verbose_name="搜索词",
        db_index=False,  # the unique (query, date) constraint leads with it
    )
    date = models.DateField("日期")
    misses = models.PositiveIntegerField("无结果次数", default=0)

    class Meta:
        verbose_name = "无结果的搜索"
        verbose_name_plural = "无结果的搜索"
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="search_miss_query_date")
        ]
        # The report's date range comes first; cleaning old days uses it too.
        indexes = [models.Index(fields=["date", "query"], name="search_miss_date_query")]
        default_permissions = ()
        permissions = [("view_search_analytics", "可以查看搜索统计")]

    def __str__(self):
        return f"{self.query} {self.date}: {self.misses}"
