from django.core.management.base import BaseCommand, CommandError

from home.site_setup import SiteBuilder, TreeFileError, read_tree


class Command(BaseCommand):
    help = (
        "建立正式站点的骨架:首页、站点记录、站点设置和栏目树(默认为各市要闻下的 11 个市)。"
        "可重复执行;不建立任何账号。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="网站名称,如 大院网")
        parser.add_argument("--hostname", required=True, help="正式域名,如 news.example.cn")
        parser.add_argument(
            "--port",
            type=int,
            default=443,
            help="读者访问的端口:443 表示 https,80 表示 http(默认 443)",
        )
        parser.add_argument(
            "--tree",
            help='栏目树 JSON 文件:[{"title": "山西要闻", "slug": "sxyw", "children": [...]}]',
        )

    def handle(self, *args, **options):
        if not 0 < options["port"] < 65536:
            raise CommandError("端口应在 1 到 65535 之间")
        hostname = options["hostname"].strip().lower()
        if not hostname or "/" in hostname or ":" in hostname or " " in hostname:
            raise CommandError("--hostname 只写域名,不带 http:// 、端口或路径")
        try:
            tree = read_tree(options["tree"]) if options["tree"] else None
        except TreeFileError as error:
            raise CommandError(str(error)) from error
        builder = SiteBuilder()
        home, sections = builder.build(
            name=options["name"].strip(), hostname=hostname, port=options["port"], tree=tree
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"站点已就绪:{home.full_url},{len(sections)} 个栏目,本次新建 {builder.created} 项。"
            )
        )
