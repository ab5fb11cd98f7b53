import time

from django.core.management.base import BaseCommand

from search.suggestions import analyze, rebuild


class Command(BaseCommand):
    help = "重建搜索建议(标题与标签的拼音、首字母);导入或升级后与 update_index 一起运行。"

    def handle(self, *args, **options):
        started = time.monotonic()
        titles, tags = rebuild()
        analyze()
        self.stdout.write(
            self.style.SUCCESS(
                f"搜索建议已重建:标题 {titles} 条,标签 {tags} 个,"
                f"用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
