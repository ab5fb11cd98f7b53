from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import analytics


class Command(BaseCommand):
    help = (
        "删除过期的搜索统计:超过保留天数的每日搜索次数和无结果记录,"
        "以及既无记录也无推广结果的搜索词。每天运行一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.WAGTAILSEARCH_HITS_MAX_AGE,
            help=f"保留最近多少天(默认 WAGTAILSEARCH_HITS_MAX_AGE;至少 {analytics.MONTH_DAYS})",
        )

    def handle(self, *args, days, **options):
        if days < analytics.MONTH_DAYS:
            raise CommandError(f"--days 至少为 {analytics.MONTH_DAYS}:搜索报告显示最近 30 天。")
        misses, hits, queries = analytics.clean_old_stats(days)
        self.stdout.write(
            f"已删除 {days} 天前的记录:无结果 {misses} 条,每日搜索次数 {hits} 条,"
            f"不再使用的搜索词 {queries} 个。"
        )
