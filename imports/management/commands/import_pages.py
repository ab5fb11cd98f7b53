from django.core.management.base import BaseCommand, CommandError

from imports.decoding import MEGABYTE
from imports.parallel import default_jobs, ordered_map
from imports.records import ImportProblem
from imports.runner import ImportRun
from imports.saved_pages import page_files, parse_page_file
from imports.writer import ArticleWriter


def delivered(article, problem):
    if problem is not None:
        raise ImportProblem(problem)
    return article


class Command(BaseCommand):
    help = (
        "从保存的旧站文章页面(纯文本或 HTML,文件或文件夹)导入文章,保留原编号和原地址。"
        "可重复执行:内容未变的文章不会改动,已变的就地更新。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="页面文件或文件夹")
        parser.add_argument("--dry-run", action="store_true", help="只显示将会发生的变化,不写入")
        parser.add_argument("--quiet", action="store_true", help="不显示进度条和注意事项")
        parser.add_argument(
            "--media-root",
            action="append",
            default=[],
            metavar="DIR",
            help="旧站网站根目录的副本,用来找到 /uploads/… 这样的图片(可多次指定)",
        )
        parser.add_argument(
            "--max-mb", type=float, default=32, help="单个文件的大小上限,单位 MB(默认 32)"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help="解析页面的工作进程数(默认为 CPU 核数减一;0 表示不另开进程)",
        )

    def handle(self, *args, paths, dry_run, quiet, media_root, max_mb, jobs, verbosity, **options):
        try:
            writer = ArticleWriter(dry_run=dry_run, media_roots=media_root)
        except ImportProblem as error:
            raise CommandError(str(error)) from None
        files = list(page_files(paths))
        max_bytes = int(max_mb * MEGABYTE)
        run = ImportRun(
            writer,
            stdout=self.stdout,
            stderr=self.stderr,
            quiet=quiet,
            verbosity=verbosity,
            total=len(files),
        )
        tasks = [(str(path) if path else None, name, max_bytes) for path, name in files]
        parsed = ordered_map(parse_page_file, tasks, jobs)
        run.run(
            (name, lambda result=result: delivered(*result))
            for (_, name), result in zip(files, parsed, strict=True)
        )
        run.report()
        if not files:
            raise CommandError("没有找到可导入的页面文件(.txt、.html、.htm)")
        if run.summary.failures:
            raise CommandError(f"{len(run.summary.failures)} 个页面导入失败,见上方失败列表")
