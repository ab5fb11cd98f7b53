from django.core.management.base import BaseCommand, CommandError

from wagtail.models import Site

from topics.setup import ensure_topic_index


class Command(BaseCommand):
    help = "建立专题列表 /zt/ 和“专题编辑”组(已有则不变)。"

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("还没有默认站点:请先运行 setup_site。")
        index = ensure_topic_index(site.root_page)
        self.stdout.write(self.style.SUCCESS(f"专题列表:{index.url_path}"))
