from django.core.management.base import BaseCommand

from newsroom import desks


class Command(BaseCommand):
    help = "建立编辑部:角色、每个城市频道的编辑部用户组、顶级栏目上的两审工作流(可重复执行)。"

    def handle(self, *args, **options):
        cities, attached = desks.setup_newsroom()
        self.stdout.write(f"已就绪:{len(cities)} 个城市编辑部。")
        for section in attached:
            self.stdout.write(f"栏目“{section.title}”已启用两审工作流。")
