from django.core.management.base import CommandError

from wagtail.models import Page, Site

from imports.commands import ImportCommand, delivered
from imports.dedecms import DedeCMSDatabase, connect
from imports.dedecms_topics import read_topics, write_topics
from imports.parallel import ordered_map
from imports.records import ImportProblem
from imports.runner import ImportRun


class Command(ImportCommand):
    help = (
        "从运行中的 DedeCMS 数据库(MySQL/MariaDB)导入栏目、文章、标签和已审核的评论,"
        "保留文章编号(aid)和原地址。可重复执行。"
    )
    images_help = "里的图片"
    workers_help = "转换文章正文"

    def add_source_arguments(self, parser):
        parser.add_argument(
            "database_url", metavar="DATABASE_URL", help="例如 mysql://root@127.0.0.1:3306/dedecms"
        )
        parser.add_argument("--prefix", default="dede_", help="DedeCMS 表前缀(默认 dede_)")

    def add_reading_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="每次从数据库读取的行数")

    def handle(
        self, *args, database_url, prefix, dry_run, quiet, media_root, batch_size, jobs, **options
    ):
        try:
            connection = connect(database_url)
        except ImportProblem as error:
            raise CommandError(str(error)) from None
        try:
            try:
                source = DedeCMSDatabase(connection, prefix=prefix)
                writer = self.article_writer(dry_run=dry_run, media_root=media_root)
                total = source.count()
            except ImportProblem as error:
                raise CommandError(str(error)) from None
            run = ImportRun(
                writer,
                stdout=self.stdout,
                stderr=self.stderr,
                quiet=quiet,
                verbosity=options["verbosity"],
                total=total,
            )
            rows = (row for batch in source.batches(batch_size) for row in batch)
            names = []

            def named(rows):
                for row in rows:
                    names.append(source.row_name(row))
                    yield row

            converted = ordered_map(
                source.converter().article_or_problem, named(rows), jobs, count=total
            )
            run.run(
                (names[index], lambda result=result: delivered(*result))
                for index, result in enumerate(converted)
            )
            run.report()
            for reason, count in source.skipped().items():
                if count:
                    self.stdout.write(f"未导入:{reason} {count} 条")
            self.import_topics(source, dry_run=dry_run)
        finally:
            connection.close()
        if run.summary.failures:
            raise CommandError(f"{len(run.summary.failures)} 篇文章导入失败,见上方失败列表")

    def import_topics(self, source, *, dry_run):
        """DedeCMS 专题, after the articles they list (imports/dedecms_topics.py)."""
        topics = read_topics(source)
        if not topics:
            return
        home = Site.objects.filter(is_default_site=True).values_list("root_page", flat=True).first()
        home = Page.objects.get(pk=home).specific if home else None
        if home is None:
            raise CommandError("还没有默认站点,无法导入专题:请先运行 setup_site。")
        created, skipped = write_topics(topics, home, dry_run=dry_run)
        verb = "将新建" if dry_run else "新建"
        self.stdout.write(f"专题:{verb} {created} 个,已有 {skipped} 个")
