from django.core.management.base import BaseCommand, CommandError

from imports.dedecms import DedeCMSDatabase, connect
from imports.parallel import default_jobs, ordered_map
from imports.records import ImportProblem
from imports.runner import ImportRun
from imports.writer import ArticleWriter


def delivered(article, problem):
    if problem is not None:
        raise ImportProblem(problem)
    return article


class Command(BaseCommand):
    help = (
        "从运行中的 DedeCMS 数据库(MySQL/MariaDB)导入栏目、文章、标签和已审核的评论,"
        "保留文章编号(aid)和原地址。可重复执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "database_url", metavar="DATABASE_URL", help="例如 mysql://root@127.0.0.1:3306/dedecms"
        )
        parser.add_argument("--prefix", default="dede_", help="DedeCMS 表前缀(默认 dede_)")
        parser.add_argument("--dry-run", action="store_true", help="只显示将会发生的变化,不写入")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条和注意事项")
        parser.add_argument(
            "--media-root",
            action="append",
            default=[],
            metavar="DIR",
            help="旧站网站根目录的副本,用来找到 /uploads/… 里的图片(可多次指定)",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="每次从数据库读取的行数")
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help="转换文章正文的工作进程数(默认为 CPU 核数减一;0 表示不另开进程)",
        )

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
                writer = ArticleWriter(dry_run=dry_run, media_roots=media_root)
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
        finally:
            connection.close()
        if run.summary.failures:
            raise CommandError(f"{len(run.summary.failures)} 篇文章导入失败,见上方失败列表")
